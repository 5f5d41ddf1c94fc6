package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.CountingCommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.json.Json;

/** Which way an overlay is made, and that the in-process way never writes over a file. */
final class Qcow2OverlaysTest {
    @TempDir
    Path dir;

    private final CountingCommandRunner runner =
            new CountingCommandRunner(new ExecCommandRunner(RootHelper.parse(""), Duration.ofMinutes(1)));

    private Qcow2Overlays overlays(String rootHelper) {
        return new Qcow2Overlays(new QemuImg(runner, Json.mapper()),
                new FileOperations(runner, RootHelper.parse(rootHelper), OperationGuard.none()), OperationGuard.none());
    }

    @Test
    void aCoveredOverlayIsWrittenWithoutAProcessAndLeavesNoTemporaryFile() throws Exception {
        Files.createFile(dir.resolve("volume-1"));
        Path overlay = dir.resolve("volume-1.s1");

        overlays("").create(overlay, "volume-1", ImageFormat.RAW, 1L << 30, true);

        assertThat(runner.started()).isZero();
        assertThat(new ImageHeaderReader().read(overlay).backingFile()).contains("volume-1");
        try (var files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("volume-1", "volume-1.s1");
        }
    }

    @Test
    void anExistingFileIsNeverWrittenOver() throws Exception {
        Files.createFile(dir.resolve("volume-1"));
        Path overlay = Files.writeString(dir.resolve("volume-1.s1"), "someone else's");

        assertThatThrownBy(() -> overlays("").create(overlay, "volume-1", ImageFormat.RAW, 1L << 30, false))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_EXISTS));

        assertThat(Files.readString(overlay)).isEqualTo("someone else's");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void whatTheLayoutDoesNotCoverGoesToQemuImg() throws Exception {
        Files.createFile(dir.resolve("volume-1"));
        Path overlay = dir.resolve("volume-1.s1");

        // a size the header reader could not give (-1): qemu-img reads it from the backing file
        overlays("").create(overlay, "volume-1", ImageFormat.RAW, -1, false);

        assertThat(runner.started()).isOne();
        assertThat(new ImageHeaderReader().read(overlay).backingFile()).contains("volume-1");
    }

    @Test
    void aFileThatTheRootHelperMustCreateIsMadeByQemuImgThroughIt() throws Exception {
        Files.createFile(dir.resolve("volume-1"));
        Path overlay = dir.resolve("volume-1.s1");

        // "env" stands in for a root helper: it runs the command it is given
        overlays("env").create(overlay, "volume-1", ImageFormat.RAW, 1L << 30, true);

        assertThat(runner.started()).isOne();
        assertThat(new ImageHeaderReader().read(overlay).backingFile()).contains("volume-1");
    }
}
