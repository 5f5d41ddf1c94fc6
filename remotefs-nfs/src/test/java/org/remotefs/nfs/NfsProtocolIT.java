package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.registry.DriverRegistry;
import org.remotefs.core.share.MountPoints;
import org.remotefs.testing.GaneshaServer;
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.TmpfsShare;

import com.typesafe.config.ConfigUtil;

/**
 * What the driver wrote, as an NFS client reads it: the stand-in export is served by nfs-ganesha on
 * 127.0.0.1 and read back through the NFS protocol with libnfs — names, sizes, modes, the info
 * file's bytes, the overlay's qcow2 header.
 */
final class NfsProtocolIT {
    private static final String SHARE = "127.0.0.1:/export";

    @TempDir
    Path dir;

    @Test
    void anNfsClientSeesExactlyWhatTheDriverWrote() throws Exception {
        Path base = Files.createDirectories(dir.resolve("mnt"));
        try (TmpfsShare standIn = new TmpfsShare(SHARE).withMountPoint(MountPoints.under(base, SHARE)).withSize("2G")
                .start();
             GaneshaServer ganesha = new GaneshaServer(standIn.mountPoint()).withWorkDirectory(dir).start()) {
            RecordingMount fake = new RecordingMount(dir).withProgram("mount.nfs").withFilesystemType("nfs4").start();
            Path shares = Files.writeString(dir.resolve("nfs_shares"), SHARE + "\n");
            String text = "remotefs.backends.nfs1 { driver = nfs\n"
                    + "nfs_shares_config = " + ConfigUtil.quoteString(shares.toString()) + "\n"
                    + "nfs_mount_point_base = " + ConfigUtil.quoteString(base.toString()) + "\n"
                    + "nfs_snapshot_support = true\nnas_secure_file_operations = false\n"
                    + "nas_secure_file_permissions = true\n"
                    + "root_helper = " + ConfigUtil.quoteString(fake.rootHelper()) + "\n}";
            ClassLoader loader = getClass().getClassLoader();
            VolumeDriver driver = DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "t", loader),
                    "nfs1");
            Volume created = Volume.create(UUID.randomUUID().toString(), 1);
            ModelUpdate update = driver.createVolume(created);
            Volume volume = created.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                    .withFormat("raw");
            String snapshot = UUID.randomUUID().toString();
            driver.createSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.CREATING, null, null));
            String overlay = volume.name() + "." + snapshot;

            Map<String, String[]> listed = new HashMap<>();
            for (String line : ganesha.list()) {
                String[] fields = line.trim().split("\\s+");
                listed.put(fields[fields.length - 1], fields);
            }

            Path local = standIn.mountPoint();
            for (String name : List.of(volume.name(), overlay, volume.name() + ".info")) {
                assertThat(listed).as("listed over NFS").containsKey(name);
                String[] fields = listed.get(name);
                assertThat(Long.parseLong(fields[4])).as("size of %s", name).isEqualTo(Files.size(local.resolve(name)));
                assertThat(fields[0].substring(1)).as("mode of %s", name)
                        .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(local.resolve(name))));
            }
            assertThat(listed.get(volume.name())[0]).isEqualTo("-rw-rw----");
            assertThat(Long.parseLong(listed.get(volume.name())[4])).isEqualTo(1L << 30);
            assertThat(new String(ganesha.read(volume.name() + ".info"), StandardCharsets.US_ASCII))
                    .isEqualTo(Files.readString(local.resolve(volume.name() + ".info"), StandardCharsets.US_ASCII))
                    .isEqualTo("{\n \"" + (snapshot.compareTo("active") < 0 ? snapshot + "\": \"" + overlay
                            + "\",\n \"active\": \"" + overlay : "active\": \"" + overlay + "\",\n \"" + snapshot + "\": \""
                            + overlay) + "\"\n}");
            byte[] header = ganesha.read(overlay);
            assertThat(header).isEqualTo(Files.readAllBytes(local.resolve(overlay)));
            ByteBuffer qcow2 = ByteBuffer.wrap(header);
            assertThat(qcow2.getInt(0)).as("qcow2 magic").isEqualTo(0x514649fb);
            String backing = new String(header, (int) qcow2.getLong(8), qcow2.getInt(16), StandardCharsets.UTF_8);
            assertThat(backing).isEqualTo(volume.name());
            driver.deleteVolume(volume);
        }
    }
}
