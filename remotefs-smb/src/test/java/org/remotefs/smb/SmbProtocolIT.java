package org.remotefs.smb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.registry.DriverRegistry;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.BackendConfig;
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.SambaServer;
import org.remotefs.testing.TmpfsShare;

/**
 * The protocol path: the stand-in share is served by a real smbd on 127.0.0.1 (its own
 * configuration and state, a test user with a password) and read and written through SMB with
 * smbclient — what the driver wrote, as an SMB client sees it (names, sizes, the info file's bytes,
 * image headers), and what an SMB client wrote, as the driver then reads and uses it.
 */
final class SmbProtocolIT {
    @TempDir
    Path dir;

    @Test
    void anSmbClientSeesWhatTheDriverWroteAndTheDriverUsesWhatAnSmbClientWrote() throws Exception {
        String share = "//127.0.0.1/export";
        Path base = Files.createDirectories(dir.resolve("mnt"));
        try (TmpfsShare standIn = new TmpfsShare(share).withMountPoint(MountPoints.under(base, share)).withSize("2G")
                .start();
             SambaServer samba = new SambaServer(standIn.mountPoint()).withWorkDirectory(dir).start()) {
            RecordingMount fake = new RecordingMount(dir).withFilesystemType("cifs").start();
            // the share line an operator writes for this server: its user and password, the port
            Path shares = Files.writeString(dir.resolve("smbfs_shares"), share + " username=" + samba.user()
                    + ",password=\"" + samba.password() + "\",port=" + samba.port() + "\n");
            BackendConfig backend = BackendConfig.of("smb1").driver("smbfs")
                    .option("smbfs_shares_config", shares)
                    .option("smbfs_mount_point_base", base)
                    .option("nas_secure_file_operations", false)
                    .option("nas_secure_file_permissions", true)
                    // room for the vhd beside the qcow2 volume's preallocated metadata
                    .option("smbfs_oversub_ratio", 4.0)
                    .option("root_helper", fake.rootHelper());
            ClassLoader loader = getClass().getClassLoader();
            VolumeDriver driver = DriverRegistry.discover(loader)
                    .create(RemoteFsConfiguration.parse(backend.toHocon(), "test", loader), "smb1");

            // the driver writes: a qcow2 volume with a snapshot, a vhd volume
            Volume created = Volume.create(UUID.randomUUID().toString(), 1);
            ModelUpdate update = driver.createVolume(created);
            Volume volume = created.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                    .withFormat(update.adminMetadata().get("format"));
            String snapshot = UUID.randomUUID().toString();
            driver.createSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.CREATING, null, null));
            String overlay = volume.name() + "." + snapshot;
            Volume vhd = Volume.create(UUID.randomUUID().toString(), 1).withTypeExtraSpecs(Map.of("volume_format", "vhd"));
            driver.createVolume(vhd);

            Path local = standIn.mountPoint();
            Map<String, Long> listed = samba.list();
            for (String name : List.of(volume.name(), overlay, volume.name() + ".info", vhd.name() + ".vhd")) {
                assertThat(listed).as("listed over SMB").containsEntry(name, Files.size(local.resolve(name)));
            }
            assertThat(new String(samba.read(volume.name() + ".info"), StandardCharsets.US_ASCII))
                    .isEqualTo(Files.readString(local.resolve(volume.name() + ".info"), StandardCharsets.US_ASCII))
                    .contains("\"active\": \"" + overlay + "\"", "\"" + snapshot + "\": \"" + overlay + "\"");
            byte[] header = samba.read(overlay);
            ByteBuffer qcow2 = ByteBuffer.wrap(header);
            assertThat(qcow2.getInt(0)).as("qcow2 magic").isEqualTo(0x514649fb);
            assertThat(new String(header, (int) qcow2.getLong(8), qcow2.getInt(16), StandardCharsets.UTF_8))
                    .isEqualTo(volume.name());
            byte[] vhdFile = samba.read(vhd.name() + ".vhd");
            // a dynamic VHD starts with a copy of its footer: "conectix"
            assertThat(new String(vhdFile, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("conectix");

            // an SMB client writes: a qcow2 image under a volume's name, made with qemu-img elsewhere
            String id = UUID.randomUUID().toString();
            Path image = dir.resolve("image.qcow2");
            Process qemuImg = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "3G")
                    .inheritIO().start();
            assertThat(qemuImg.waitFor()).isZero();
            samba.write("volume-" + id, Files.readAllBytes(image));

            StoredVolume found = driver.findVolume(id).orElseThrow();
            assertThat(found.format()).isEqualTo("qcow2");
            assertThat(found.virtualSizeBytes()).isEqualTo(3L << 30);
            Volume written = Volume.create(id, 3).withProviderLocation(share).withStatus(VolumeStatus.AVAILABLE)
                    .withFormat("qcow2");
            String second = UUID.randomUUID().toString();
            driver.createSnapshot(new Snapshot(second, written, SnapshotStatus.CREATING, null, null));
            assertThat(samba.list()).containsKey("volume-" + id + "." + second);

            driver.deleteVolume(written);
            driver.deleteVolume(volume);
            driver.deleteVolume(vhd.withProviderLocation(share));
            assertThat(samba.list().keySet()).noneMatch(name -> name.startsWith("volume-"));
            assertThat(fake.calls()).isEmpty();
        }
    }
}
