package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** Extend grows the active image, keeps the data, and refuses to shrink or to run while attached. */
@RemoteFsContract
class ExtendContract {
    private static final long GIB = 1L << 30;

    @Test
    @Requires(Capability.EXTEND)
    void extendGrowsTheVolumeAndKeepsItsData(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        tck.write(volume, 0x51, 0);

        tck.driver().extendVolume(volume, 3);

        assertThat(QemuTools.info(tck.activePath(volume)).get("virtual-size").asLong()).isEqualTo(3 * GIB);
        assertThat(tck.stored(volume).size()).isEqualTo(3);
        assertThat(tck.mismatch(volume, 0x51)).isNull();
    }

    @Test
    @Requires(Capability.EXTEND)
    void shrinkingAndExtendingWhileAttachedAreRefused(Tck tck) throws Exception {
        Volume volume = tck.newVolume(2);
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().extendVolume(volume, 1))).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(Tck.codeOf(() -> tck.driver().extendVolume(volume.withAttachStatus(AttachStatus.ATTACHED), 3)))
                .isEqualTo(ErrorCode.EXTEND_VOLUME_ERROR);
        assertThat(tck.listing()).isEqualTo(before);
    }
}
