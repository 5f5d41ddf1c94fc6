package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether an overlay holds data of its own, read from real qemu-img files. */
final class Qcow2OccupancyTest {
    @TempDir
    Path dir;

    private final Qcow2Occupancy occupancy = new Qcow2Occupancy();

    @Test
    void aFreshOverlayIsEmptyAndOneWrittenToIsNot() throws Exception {
        run("qemu-img", "create", "-q", "-f", "raw", dir.resolve("base").toString(), "64M");
        Path overlay = dir.resolve("base.snap");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "base", "-F", "raw", overlay.toString());
        assertThat(occupancy.isEmptyOverlay(overlay)).isTrue();

        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x1 32M 4k", overlay.toString());

        assertThat(occupancy.isEmptyOverlay(overlay)).isFalse();
    }

    @Test
    void rawFilesTruncatedHeadersAndPreallocatedImagesAreNotEmptyOverlays() throws Exception {
        Path raw = dir.resolve("raw");
        run("qemu-img", "create", "-q", "-f", "raw", raw.toString(), "1M");
        Path preallocated = dir.resolve("pre.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-o", "preallocation=metadata", preallocated.toString(), "64M");
        Path cut = dir.resolve("cut.qcow2");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(preallocated), 40));

        assertThat(occupancy.isEmptyOverlay(raw)).isFalse();
        assertThat(occupancy.isEmptyOverlay(preallocated)).isFalse();
        assertThat(occupancy.isEmptyOverlay(cut)).isFalse();
    }

    // found by ImageHeaderFuzzTest: an L1 offset near 2^63 overflowed the bounds check; the table was
    // then read far beyond the file (an I/O error: SHARE_IO_ERROR for a malformed header)
    @Test
    void anL1TableClaimedBeyondTheEndOfTheAddressSpaceIsNotReadAndHoldsData() throws Exception {
        run("qemu-img", "create", "-q", "-f", "raw", dir.resolve("base").toString(), "64M");
        Path overlay = dir.resolve("base.snap");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "base", "-F", "raw", overlay.toString());
        for (long offset : new long[]{Long.MAX_VALUE, Long.MAX_VALUE - 7, Long.MAX_VALUE - (1L << 20)}) {
            byte[] bytes = Files.readAllBytes(overlay);
            java.nio.ByteBuffer.wrap(bytes).putLong(40, offset);
            Path forged = dir.resolve("forged.snap");
            Files.write(forged, bytes);

            assertThat(occupancy.isEmptyOverlay(forged)).as("L1 at %x", offset).isFalse();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(out).isZero();
    }
}
