package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** Bad input gets its error code and changes nothing on the shares. */
@RemoteFsContract
class FailureSemanticsContract {

    @Test
    void idsThatAreNotUuidsAreInvalidInput(Tck tck) throws Exception {
        var before = tck.listing();

        for (String id : new String[] {"../../etc/passwd", "not-a-uuid", ""}) {
            assertThat(Tck.codeOf(() -> tck.driver().findVolume(id))).as(id).isEqualTo(ErrorCode.INVALID_INPUT);
        }
        assertThat(tck.listing()).isEqualTo(before);
    }

    @Test
    @Requires(Capability.VOLUME_FROM_SNAPSHOT)
    void anUnknownSnapshotIsNotFound(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        tck.snapshot(volume);
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().createVolumeFromSnapshot(Volume.create(UUID.randomUUID().toString(), 1),
                new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.AVAILABLE, null, null))))
                .isIn(ErrorCode.SNAPSHOT_NOT_FOUND, ErrorCode.INVALID_SNAPSHOT);
        assertThat(tck.listing()).isEqualTo(before);
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void statesCinderRefusesAreRefused(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().createSnapshot(new Snapshot(UUID.randomUUID().toString(),
                volume.withStatus(VolumeStatus.ERROR), SnapshotStatus.CREATING, null, null))))
                .isEqualTo(ErrorCode.INVALID_VOLUME);
        if (tck.declares(Capability.CLONE)) {
            assertThat(Tck.codeOf(() -> tck.driver().createClonedVolume(Volume.create(UUID.randomUUID().toString(), 1),
                    volume.withStatus(VolumeStatus.IN_USE)))).isEqualTo(ErrorCode.INVALID_VOLUME);
        }
        assertThat(tck.listing()).isEqualTo(before);
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void aCorruptInfoFileIsAnErrorAndStaysAsItWas(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        Snapshot snapshot = tck.snapshot(volume);
        String overlay = tck.overlayFile(volume, snapshot.id());
        String corrupt = "{\"active\": \"" + overlay;
        java.nio.file.Path infoPath = tck.infoPath(volume);
        java.nio.file.Files.writeString(infoPath, corrupt);
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume,
                SnapshotStatus.CREATING, null, null)))).isEqualTo(ErrorCode.INVALID_VOLUME);
        assertThat(tck.listing()).isEqualTo(before);
        assertThat(java.nio.file.Files.readString(infoPath)).isEqualTo(corrupt);
        // repair, so that the volume can be deleted
        java.nio.file.Files.writeString(infoPath, "{\"active\": \"" + overlay
                + "\", \"" + snapshot.id() + "\": \"" + overlay + "\"}");
    }
}
