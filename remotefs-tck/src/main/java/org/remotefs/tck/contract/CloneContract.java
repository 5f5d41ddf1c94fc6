package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** Clones and volumes from snapshots: the source's content, at the requested size. */
@RemoteFsContract
class CloneContract {
    private static final long GIB = 1L << 30;

    @Test
    @Requires(Capability.CLONE)
    void aCloneHoldsTheSourcesDataAtTheRequestedSize(Tck tck) throws Exception {
        Volume source = tck.newVolume(1);
        tck.write(source, 0x31, 0);
        tck.write(source, 0x32, 2);
        Volume requested = Volume.create(UUID.randomUUID().toString(), 2);

        Volume clone = tck.owned(requested, tck.driver().createClonedVolume(requested, source));

        assertThat(QemuTools.info(tck.activePath(clone)).get("virtual-size").asLong()).isEqualTo(2 * GIB);
        assertThat(tck.mismatch(clone, 0x31, 0, 0x32)).isNull();
        assertThat(tck.mismatch(source, 0x31, 0, 0x32)).isNull();
    }

    @Test
    @Requires(Capability.VOLUME_FROM_SNAPSHOT)
    void aVolumeFromASnapshotHoldsTheSnapshotsData(Tck tck) throws Exception {
        Volume source = tck.newVolume(1);
        tck.write(source, 0x41, 0);
        Snapshot first = tck.snapshot(source);
        tck.write(source, 0x42, 0);
        tck.write(source, 0x42, 1);
        Snapshot second = tck.snapshot(source);
        tck.write(source, 0x43, 0);

        Volume fromFirst = Volume.create(UUID.randomUUID().toString(), 1);
        Volume fromSecond = Volume.create(UUID.randomUUID().toString(), 2);
        Volume one = tck.owned(fromFirst, tck.driver().createVolumeFromSnapshot(fromFirst, first));
        Volume two = tck.owned(fromSecond, tck.driver().createVolumeFromSnapshot(fromSecond, second));

        assertThat(tck.mismatch(one, 0x41, 0)).isNull();
        assertThat(tck.mismatch(two, 0x42, 0x42)).isNull();
        assertThat(QemuTools.info(tck.activePath(two)).get("virtual-size").asLong()).isEqualTo(2 * GIB);
        assertThat(QemuTools.info(tck.activePath(two)).has("backing-filename")).isFalse();
    }

    @Test
    @Requires(Capability.VOLUME_FROM_SNAPSHOT)
    void aCopySmallerThanItsSourceIsRefusedAndChangesNothing(Tck tck) throws Exception {
        Volume source = tck.newVolume(2);
        Snapshot snapshot = tck.snapshot(source);
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().createVolumeFromSnapshot(
                Volume.create(UUID.randomUUID().toString(), 1), snapshot))).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(tck.listing()).isEqualTo(before);
    }
}
