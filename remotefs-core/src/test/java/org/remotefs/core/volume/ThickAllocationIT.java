package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.testing.RecordingMount;

/**
 * Thick files by fallocate (Cinder's GlusterFS driver) with the zeros fall-back: the real
 * {@code fallocate}, and a recorded one that answers as a file system without it does.
 */
final class ThickAllocationIT {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private RecordingMount fake;

    @BeforeEach
    void fake() {
        fake = new RecordingMount(dir.resolve("fake")).withProgram("fallocate").start();
    }

    private FileOperations operations(String rootHelper, ThickAllocation allocation) {
        RootHelper helper = RootHelper.parse(rootHelper);
        return new FileOperations(new ExecCommandRunner(helper, Duration.ofMinutes(1)), helper, OperationGuard.none(),
                allocation);
    }

    /** Bytes the file system gave the file: st_blocks times the block unit, as stat(1) prints them. */
    private static long allocated(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "--format=%b %B", file.toString()).start();
        String[] fields = new String(stat.getInputStream().readAllBytes()).strip().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(fields[0]) * Long.parseLong(fields[1]);
    }

    @Test
    void fallocateReservesEveryBlockOfTheFile() throws Exception {
        Path file = dir.resolve("volume-thick");

        operations("", ThickAllocation.FALLOCATE).createThick(file, 1, true);

        assertThat(Files.size(file)).isEqualTo(GIB);
        assertThat(allocated(file)).isGreaterThanOrEqualTo(GIB);
        assertThat(fake.calls()).as("no root helper: the real fallocate ran").isEmpty();
    }

    @Test
    void whereTheFileSystemDoesNotSupportFallocateZerosAreWritten() throws Exception {
        Path file = dir.resolve("volume-zeros");
        fake.willAnswer("fail fallocate: fallocate failed: Operation not supported");

        operations(fake.rootHelper(), ThickAllocation.FALLOCATE).createThick(file, 1, true);

        assertThat(fake.calls("fallocate")).containsExactly("--length=1G " + file);
        assertThat(Files.size(file)).isEqualTo(GIB);
        assertThat(allocated(file)).as("written in full by dd").isGreaterThanOrEqualTo(GIB);
    }

    @Test
    void anyOtherFallocateFailureIsAnErrorAndNothingIsWritten() {
        Path file = dir.resolve("volume-full");
        fake.willAnswer("fail fallocate: fallocate failed: No space left on device");

        // a full disk is a code a program can act on (issue 13), still the command's failure
        assertThatThrownBy(() -> operations(fake.rootHelper(), ThickAllocation.FALLOCATE).createThick(file, 1, true))
                .isInstanceOfSatisfying(ProcessExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SPACE));
        assertThat(file).doesNotExist();
    }

    @Test
    void writeZerosNeverRunsFallocate() throws Exception {
        Path file = dir.resolve("volume-dd");

        operations(fake.rootHelper(), ThickAllocation.WRITE_ZEROS).createThick(file, 1, true);

        assertThat(fake.calls("fallocate")).isEmpty();
        assertThat(Files.size(file)).isEqualTo(GIB);
    }
}
