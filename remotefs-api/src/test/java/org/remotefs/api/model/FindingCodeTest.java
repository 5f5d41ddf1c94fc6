package org.remotefs.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Tools key on a finding's code: codes are only ever added at the end, never renamed or reordered. */
final class FindingCodeTest {
    @Test
    void theCodesAreStableAndNewOnesComeLast() {
        assertThat(Arrays.stream(FindingCode.values()).map(Enum::name)).containsExactly(
                "INFO_FILE_UNREADABLE", "UNSAFE_FILE", "FILE_MISSING", "CHAIN_BROKEN", "ACTIVE_NOT_ON_TOP",
                "SNAPSHOT_NOT_IN_CHAIN", "TEMPORARY_FILE", "ORPHAN_OVERLAY", "CLONE_TEMPORARY_SNAPSHOT",
                "INTERRUPTED_SNAPSHOT_DELETE", "STALE_JOURNAL", "INFO_FILE_MISSING", "INTERRUPTED_CLONE",
                "INTERRUPTED_VOLUME_DELETE");
    }
}
