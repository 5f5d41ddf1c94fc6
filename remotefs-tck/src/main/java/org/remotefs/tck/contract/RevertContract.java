package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** Revert to the latest snapshot discards later writes; an older snapshot is refused. */
@RemoteFsContract
class RevertContract {

    @Test
    @Requires(Capability.REVERT)
    void revertDiscardsWhatWasWrittenSinceTheLatestSnapshot(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        tck.write(volume, 0x61, 0);
        Snapshot older = tck.snapshot(volume);
        tck.write(volume, 0x62, 0);
        Snapshot latest = tck.snapshot(volume);
        tck.write(volume, 0x63, 0);
        tck.write(volume, 0x63, 1);

        tck.driver().revertToSnapshot(volume, latest);

        assertThat(tck.mismatch(volume, 0x62, 0)).isNull();
        var before = tck.listing();
        assertThat(Tck.codeOf(() -> tck.driver().revertToSnapshot(volume, older))).isEqualTo(ErrorCode.INVALID_SNAPSHOT);
        assertThat(tck.listing()).isEqualTo(before);
    }
}
