package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.json.Json;

/** Cinder's GlusterFS backup conditions, checked by every core-based driver, on real files. */
final class LocalFsBackupIT {
    private static final Connector HOST = Connector.ofHost("backup-host");

    @TempDir
    Path share;

    private VolumeDriver driver;

    private Volume created(String options) {
        driver = LocalFsFixture.driver(share, options);
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
    }

    private static void refused(Runnable backup, String reason) {
        assertThatThrownBy(backup::run).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME);
            assertThat(e.details()).containsEntry("reason", reason);
        });
    }

    @Test
    void aRawVolumeWithoutSnapshotsIsReadFromItsFile() {
        Volume volume = created("");

        ConnectionInfo info = driver.backupVolume(volume, HOST);

        assertThat(info.data()).containsEntry("name", volume.name()).containsEntry("format", "raw");
    }

    @Test
    void aVolumeWithSnapshotsIsRefused() throws Exception {
        Volume volume = created("");
        driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null));
        Map<String, Long> before = LocalFsFixture.listing(share);

        refused(() -> driver.backupVolume(volume, HOST), "snapshots");
        assertThat(LocalFsFixture.listing(share)).isEqualTo(before);
    }

    @Test
    void anActiveImageWithABackingFileIsRefusedEvenWhenTheInfoFileRecordsNoSnapshot() throws Exception {
        Volume volume = created("");
        String snapshot = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.CREATING, null, null));
        // the info file lost its snapshot entry; the chain still has the overlay on the base
        Files.writeString(share.resolve(volume.name() + ".info"),
                Json.mapper().writeValueAsString(Map.of("active", volume.name() + "." + snapshot)));

        refused(() -> driver.backupVolume(volume, HOST), "backing_file");
    }

    @Test
    void aQcow2VolumeIsRefused() {
        Volume volume = created("localfs_qcow2_volumes = true");

        refused(() -> driver.backupVolume(volume, HOST), "format");
    }
}
