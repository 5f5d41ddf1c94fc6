package org.remotefs.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

final class ProcLocksTest {
    private static final List<String> TABLE = List.of(
            "1: POSIX  ADVISORY  WRITE 18399 fe:00:2146456 0 EOF",
            "1: -> POSIX  ADVISORY  WRITE 18400 fe:00:2146456 0 EOF",
            "2: FLOCK  ADVISORY  WRITE 511 00:19:99 0 EOF",
            "3: OFDLCK ADVISORY  READ  -1 00:05:1234 0 EOF",
            "4: POSIX  ADVISORY  WRITE 733 103:02:77 0 EOF",
            "garbage");

    @Test
    void theHolderOfAFileIsFoundByItsDeviceAndInode() {
        ProcLocks locks = ProcLocks.parse(TABLE);

        // st_dev 0xfe00: major 0xfe, minor 0
        assertThat(locks.holder(0xfe00L, 2146456)).contains(18399L);
        // a large major (0x103) is split as glibc splits st_dev: 0x10302 -> major 0x103, minor 2
        assertThat(locks.holder(0x10302L, 77)).contains(733L);
    }

    @Test
    void waitersFlockAndOfdLocksAndOtherFilesAreNoHolders() {
        ProcLocks locks = ProcLocks.parse(TABLE);

        assertThat(locks.holder(0x19L, 99)).isEmpty();
        assertThat(locks.holder(0x05L, 1234)).isEmpty();
        assertThat(locks.holder(0xfe00L, 2146457)).isEmpty();
        assertThat(locks.holder(0xfe01L, 2146456)).isEmpty();
        assertThat(ProcLocks.parse(List.of("1: -> POSIX  ADVISORY  WRITE 18400 fe:00:5 0 EOF")).holder(0xfe00L, 5))
                .isEmpty();
    }
}
