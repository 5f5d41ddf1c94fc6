package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** Overlays whose backing file was forged are refused before any write, and nothing changes. */
@RemoteFsContract
class BackingFileSafetyContract {

    @ParameterizedTest
    @ValueSource(strings = {"/etc/hostname", "../outside", "volume-11111111-2222-4333-8444-555555555555",
            "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"/etc/hostname\"}}",
            "nbd://127.0.0.1:10809/x", "INFO"})
    @Requires(Capability.SNAPSHOTS)
    void forgedBackingFilesAreRefused(String forged, Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        Snapshot snapshot = tck.snapshot(volume);
        Path overlay = tck.directoryOf(volume).resolve(tck.overlayFile(volume, snapshot.id()));
        String base = tck.baseFile(volume);
        String backing = forged.equals("INFO") ? base + ".info" : forged;
        QemuTools.run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", backing, "-F", "raw", overlay.toString());
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume,
                SnapshotStatus.CREATING, null, null)))).as("create_snapshot").isEqualTo(ErrorCode.INVALID_BACKING_FILE);
        assertThat(Tck.codeOf(() -> tck.driver().deleteSnapshot(snapshot.withStatus(SnapshotStatus.DELETING))))
                .as("delete_snapshot").isEqualTo(ErrorCode.INVALID_BACKING_FILE);
        if (tck.declares(Capability.EXTEND)) {
            assertThat(Tck.codeOf(() -> tck.driver().extendVolume(volume, 2))).as("extend")
                    .isEqualTo(ErrorCode.INVALID_BACKING_FILE);
        }
        if (tck.declares(Capability.VOLUME_FROM_SNAPSHOT)) {
            assertThat(Tck.codeOf(() -> tck.driver().createVolumeFromSnapshot(
                    Volume.create(UUID.randomUUID().toString(), 1), snapshot))).as("volume from snapshot")
                    .isEqualTo(ErrorCode.INVALID_BACKING_FILE);
        }
        if (tck.declares(Capability.CLONE)) {
            assertThat(Tck.codeOf(() -> tck.driver().createClonedVolume(
                    Volume.create(UUID.randomUUID().toString(), 1), volume))).as("clone")
                    .isEqualTo(ErrorCode.INVALID_BACKING_FILE);
        }
        assertThat(tck.listing()).isEqualTo(before);
        // put the chain right so that the volume can be deleted
        QemuTools.run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", base, "-F", "raw", overlay.toString());
    }
}
