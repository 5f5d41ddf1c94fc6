package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import org.remotefs.core.json.Json;
import org.remotefs.core.registry.DriverRegistry;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.CinderJson;
import org.remotefs.tck.QemuTools;
import org.remotefs.testing.PythonCinder;
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.TmpfsShare;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigUtil;

/**
 * One share, two drivers: Cinder's Python NFS driver (Debian's python3-cinder) and ours take turns
 * on the same volumes — snapshots taken by one and deleted by the other in either order, info files
 * written by one and read by the other byte for byte, data checked with qemu-io throughout.
 */
final class CinderInteropIT {
    private static final String SHARE = "127.0.0.1:/export";

    @TempDir
    Path dir;

    private TmpfsShare standIn;
    private PythonCinder cinder;
    private VolumeDriver remotefs;

    @BeforeEach
    void start() throws Exception {
        Path base = Files.createDirectories(dir.resolve("mnt"));
        standIn = new TmpfsShare(SHARE).withMountPoint(MountPoints.under(base, SHARE)).withSize("3G").start();
        cinder = new PythonCinder(dir, base, SHARE);
        RecordingMount fake = new RecordingMount(dir).withProgram("mount.nfs").withFilesystemType("nfs4").start();
        Path shares = Files.writeString(dir.resolve("nfs_shares"), SHARE + "\n");
        String text = "remotefs.backends.nfs1 { driver = nfs\n"
                + "nfs_shares_config = " + ConfigUtil.quoteString(shares.toString()) + "\n"
                + "nfs_mount_point_base = " + ConfigUtil.quoteString(base.toString()) + "\n"
                + "nfs_snapshot_support = true\nnas_secure_file_operations = false\nnas_secure_file_permissions = false\n"
                + "root_helper = " + ConfigUtil.quoteString(fake.rootHelper()) + "\n}";
        ClassLoader loader = getClass().getClassLoader();
        remotefs = DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "test", loader), "nfs1");
    }

    @AfterEach
    void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }

    private Path share() {
        return standIn.mountPoint();
    }

    private String infoText(String volumeId) throws Exception {
        return Files.readString(share().resolve("volume-" + volumeId + ".info"), StandardCharsets.US_ASCII);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> info(String volumeId) throws Exception {
        return Json.mapper().readValue(infoText(volumeId), LinkedHashMap.class);
    }

    private Volume ours(String id, int size) {
        return Volume.create(id, size).withProviderLocation(SHARE).withStatus(VolumeStatus.AVAILABLE).withFormat("raw");
    }

    private void write(String file, int pattern, int mib) {
        QemuTools.write(share().resolve(file), file.contains(".") ? "qcow2" : "raw", pattern, mib);
    }

    private String read(String volumeId, int... patterns) throws Exception {
        String active = info(volumeId).get("active");
        return QemuTools.mismatch(share().resolve(active), active.contains(".") ? "qcow2" : "raw", patterns);
    }

    @Test
    void aVolumeOfOursTakesSnapshotsFromBothAndIsTakenApartByBoth() throws Exception {
        String id = UUID.randomUUID().toString();
        ModelUpdate created = remotefs.createVolume(Volume.create(id, 1));
        Volume volume = ours(id, 1);
        assertThat(created.providerLocation()).isEqualTo(SHARE);
        write("volume-" + id, 0x11, 0);

        String s1 = UUID.randomUUID().toString();
        cinder.run("create-snapshot", "--volume-id", id, "--id", s1);
        write("volume-" + id + "." + s1, 0x22, 1);
        String s2 = UUID.randomUUID().toString();
        remotefs.createSnapshot(new Snapshot(s2, volume, SnapshotStatus.CREATING, null, null));
        write("volume-" + id + "." + s2, 0x33, 2);

        // Cinder reads our info file and chain; both write the same bytes
        JsonNode seen = cinder.run("info", "--volume-id", id);
        assertThat(seen.path("info_raw").asText()).isEqualTo(infoText(id));
        assertThat(infoText(id)).isEqualTo(CinderJson.infoFile(info(id)));
        assertThat(seen.path("active").asText()).isEqualTo("volume-" + id + "." + s2);
        StoredVolume stored = remotefs.findVolume(id).orElseThrow();
        assertThat(stored.snapshotIds()).containsExactly(s1, s2);

        // we delete Cinder's snapshot (the middle one), Cinder deletes ours (the active one)
        remotefs.deleteSnapshot(new Snapshot(s1, volume, SnapshotStatus.DELETING, null, null));
        assertThat(read(id, 0x11, 0x22, 0x33)).isNull();
        cinder.run("delete-snapshot", "--volume-id", id, "--id", s2);
        assertThat(info(id)).containsExactly(Map.entry("active", "volume-" + id));
        assertThat(read(id, 0x11, 0x22, 0x33)).isNull();

        cinder.run("delete-volume", "--id", id);
        try (var left = Files.list(share())) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(name -> !name.startsWith("volume-"));
        }
    }

    @Test
    void aVolumeOfCindersIsDrivenByUs() throws Exception {
        String id = UUID.randomUUID().toString();
        cinder.run("create-volume", "--id", id, "--size", "1");
        write("volume-" + id, 0x44, 0);
        String c1 = UUID.randomUUID().toString();
        String c2 = UUID.randomUUID().toString();
        cinder.run("create-snapshot", "--volume-id", id, "--id", c1);
        write("volume-" + id + "." + c1, 0x55, 1);
        cinder.run("create-snapshot", "--volume-id", id, "--id", c2);
        write("volume-" + id + "." + c2, 0x66, 2);
        Volume volume = ours(id, 1);

        StoredVolume stored = remotefs.findVolume(id).orElseThrow();
        assertThat(stored.snapshotIds()).containsExactly(c1, c2);
        assertThat(infoText(id)).isEqualTo(CinderJson.infoFile(info(id)));

        // a snapshot of ours on top of Cinder's chain, then deletes in Cinder's worst order: oldest first
        String r1 = UUID.randomUUID().toString();
        remotefs.createSnapshot(new Snapshot(r1, volume, SnapshotStatus.CREATING, null, null));
        assertThat(cinder.run("info", "--volume-id", id).path("info_raw").asText()).isEqualTo(infoText(id));
        remotefs.deleteSnapshot(new Snapshot(c1, volume, SnapshotStatus.DELETING, null, null));
        assertThat(read(id, 0x44, 0x55, 0x66)).isNull();
        cinder.run("delete-snapshot", "--volume-id", id, "--id", r1);
        remotefs.deleteSnapshot(new Snapshot(c2, volume, SnapshotStatus.DELETING, null, null));
        assertThat(info(id)).containsExactly(Map.entry("active", "volume-" + id));
        assertThat(read(id, 0x44, 0x55, 0x66)).isNull();

        // a volume from the data, by us, of a size Cinder's copy would not grow to
        String copyId = UUID.randomUUID().toString();
        String snapshot = UUID.randomUUID().toString();
        cinder.run("create-snapshot", "--volume-id", id, "--id", snapshot);
        remotefs.createVolumeFromSnapshot(Volume.create(copyId, 2),
                new Snapshot(snapshot, volume, SnapshotStatus.AVAILABLE, null, null));
        assertThat(QemuTools.mismatch(share().resolve("volume-" + copyId), "raw", 0x44, 0x55, 0x66)).isNull();
        assertThat(QemuTools.info(share().resolve("volume-" + copyId)).path("virtual-size").asLong()).isEqualTo(2L << 30);

        remotefs.deleteVolume(volume);
        remotefs.deleteVolume(ours(copyId, 2));
        try (var left = Files.list(share())) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(name -> !name.startsWith("volume-"));
        }
    }
}
