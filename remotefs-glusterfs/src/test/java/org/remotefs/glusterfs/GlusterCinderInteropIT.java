package org.remotefs.glusterfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
import org.remotefs.tck.BackendConfig;
import org.remotefs.tck.CinderJson;
import org.remotefs.tck.QemuTools;
import org.remotefs.testing.GlusterServer;
import org.remotefs.testing.GlusterVolume;
import org.remotefs.testing.PythonCinder;

/**
 * One GlusterFS volume, mounted for real by our driver, and two drivers taking turns on one chain
 * there: ours and Cinder's Python NFS driver from Debian's python3-cinder, which shares its snapshot
 * engine (remotefs.py) with the GlusterFS driver Cinder removed. Snapshots are taken by one and
 * deleted by the other, info files written by one are read by the other byte for byte, and the data
 * is checked with qemu-io through the mount throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class GlusterCinderInteropIT {
    private Path work;
    private Path base;
    private GlusterServer server;
    private GlusterVolume volume;
    private VolumeDriver remotefs;
    private PythonCinder cinder;

    @BeforeAll
    void serve() throws Exception {
        work = Files.createTempDirectory("remotefs-gluster-interop-");
        base = work.resolve("mnt");
        server = new GlusterServer().withWorkDirectory(work.resolve("glusterd")).start();
        volume = server.createVolume("interop", "3G");
        Path shares = Files.writeString(work.resolve("glusterfs_shares"), volume.share() + "\n");
        String text = BackendConfig.of("gl").driver(GlusterFsDriverProvider.ID)
                .option("glusterfs_shares_config", shares)
                .option("glusterfs_mount_point_base", base)
                .option("nas_volume_prov_type", "thin")
                .option("nas_secure_file_operations", "false")
                .option("nas_secure_file_permissions", "false")
                .toHocon();
        ClassLoader loader = getClass().getClassLoader();
        remotefs = DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "test", loader), "gl");
        // our driver mounts the share; Cinder's finds its directory there and uses it as it is
        remotefs.doSetup();
        cinder = new PythonCinder(work, base, volume.share());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        QemuTools.run("rm", "-rf", work.toString());
    }

    private Path share() {
        return MountPoints.under(base, volume.share());
    }

    private String infoText(String volumeId) throws Exception {
        return Files.readString(share().resolve("volume-" + volumeId + ".info"), StandardCharsets.US_ASCII);
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> info(String volumeId) throws Exception {
        return Json.mapper().readValue(infoText(volumeId), LinkedHashMap.class);
    }

    private void write(String file, int pattern, int mib) {
        QemuTools.write(share().resolve(file), "qcow2", pattern, mib);
    }

    private String read(String volumeId, int... patterns) throws Exception {
        return QemuTools.mismatch(share().resolve(info(volumeId).get("active")), "qcow2", patterns);
    }

    @Test
    void cindersDriverAndOursTakeTurnsOnOneChainOnAGlusterFsMount() throws Exception {
        String id = UUID.randomUUID().toString();
        ModelUpdate created = remotefs.createVolume(Volume.create(id, 1));
        Volume ours = Volume.create(id, 1).withProviderLocation(created.providerLocation())
                .withStatus(VolumeStatus.AVAILABLE).withFormat("qcow2");
        assertThat(created.providerLocation()).isEqualTo(volume.share());
        write("volume-" + id, 0x11, 0);

        // Cinder snapshots our volume, we snapshot on top of Cinder's overlay
        String s1 = UUID.randomUUID().toString();
        cinder.run("--qcow2", "create-snapshot", "--volume-id", id, "--id", s1);
        write("volume-" + id + "." + s1, 0x22, 1);
        String s2 = UUID.randomUUID().toString();
        remotefs.createSnapshot(new Snapshot(s2, ours, SnapshotStatus.CREATING, null, null));
        write("volume-" + id + "." + s2, 0x33, 2);

        // both read the same chain and write the same info-file bytes, which the brick holds as they are
        var seen = cinder.run("--qcow2", "info", "--volume-id", id);
        assertThat(seen.path("info_raw").asText()).isEqualTo(infoText(id));
        assertThat(infoText(id)).isEqualTo(CinderJson.infoFile(info(id)));
        assertThat(seen.path("active").asText()).isEqualTo("volume-" + id + "." + s2);
        assertThat(Files.readString(volume.brick().resolve("volume-" + id + ".info"), StandardCharsets.US_ASCII))
                .isEqualTo(infoText(id));
        StoredVolume stored = remotefs.findVolume(id).orElseThrow();
        assertThat(stored.snapshotIds()).containsExactly(s1, s2);

        // we merge Cinder's snapshot away (the middle one), Cinder ours (the active one)
        remotefs.deleteSnapshot(new Snapshot(s1, ours, SnapshotStatus.DELETING, null, null));
        assertThat(read(id, 0x11, 0x22, 0x33)).isNull();
        cinder.run("--qcow2", "delete-snapshot", "--volume-id", id, "--id", s2);
        assertThat(info(id)).containsExactly(Map.entry("active", "volume-" + id));
        assertThat(read(id, 0x11, 0x22, 0x33)).isNull();

        // a snapshot by Cinder on the flattened chain, a volume from it by us
        String s3 = UUID.randomUUID().toString();
        cinder.run("--qcow2", "create-snapshot", "--volume-id", id, "--id", s3);
        String copyId = UUID.randomUUID().toString();
        ModelUpdate copy = remotefs.createVolumeFromSnapshot(Volume.create(copyId, 2),
                new Snapshot(s3, ours, SnapshotStatus.AVAILABLE, null, null));
        assertThat(QemuTools.mismatch(share().resolve("volume-" + copyId), "qcow2", 0x11, 0x22, 0x33)).isNull();
        assertThat(QemuTools.info(share().resolve("volume-" + copyId)).path("virtual-size").asLong()).isEqualTo(2L << 30);

        remotefs.deleteSnapshot(new Snapshot(s3, ours, SnapshotStatus.DELETING, null, null));
        cinder.run("--qcow2", "delete-volume", "--id", id);
        remotefs.deleteVolume(Volume.create(copyId, 2).withProviderLocation(copy.providerLocation())
                .withStatus(VolumeStatus.AVAILABLE));
        try (var left = Files.list(share())) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(name -> !name.startsWith("volume-"));
        }
    }
}
