package org.remotefs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for {@code qemu-img}, first on the command's {@code PATH}: it runs the real one, but
 * for the chosen sub-commands ({@code convert}, {@code commit}, ...) it first — or, "after", once
 * the real one finished — records its process id in a marker file and sleeps, so that a test can
 * signal or kill the command at exactly that point of an operation. It stays one process (Python
 * replaces itself with the real program), so stopping it stops the step.
 */
final class SlowQemuImg {
    private static final String SCRIPT = """
            import os, subprocess, sys, time
            real = os.environ["REMOTEFS_TEST_REAL_QEMU_IMG"]
            sub = sys.argv[1] if len(sys.argv) > 1 else ""
            def pause():
                with open(os.environ["REMOTEFS_TEST_MARKER"], "a") as marker:
                    marker.write("%d %s\\n" % (os.getpid(), sub))
                time.sleep(float(os.environ.get("REMOTEFS_TEST_SLEEP", "60")))
            if sub in os.environ.get("REMOTEFS_TEST_SLOW_BEFORE", "").split(","):
                pause()
            if sub in os.environ.get("REMOTEFS_TEST_SLOW_AFTER", "").split(","):
                status = subprocess.call([real] + sys.argv[1:])
                if status == 0:
                    pause()
                sys.exit(status)
            os.execv(real, [real] + sys.argv[1:])
            """;

    private final Path directory;
    private final Path marker;

    private SlowQemuImg(Path directory) {
        this.directory = directory;
        this.marker = directory.resolve("entered");
    }

    /** Writes the stand-in into {@code directory}. */
    static SlowQemuImg in(Path directory) {
        try {
            Files.createDirectories(directory);
            Path script = directory.resolve("slow_qemu_img.py");
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            Path program = directory.resolve("qemu-img");
            Files.writeString(program, "#!/bin/sh\nexec python3 " + script + " \"$@\"\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new SlowQemuImg(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment that makes a command pause in {@code qemu-img <sub>} before (or after) it runs. */
    Map<String, String> pausing(String sub, boolean after) {
        return Map.of("PATH", directory + ":" + System.getenv("PATH"),
                "REMOTEFS_TEST_REAL_QEMU_IMG", real().toString(),
                after ? "REMOTEFS_TEST_SLOW_AFTER" : "REMOTEFS_TEST_SLOW_BEFORE", sub,
                "REMOTEFS_TEST_MARKER", marker.toString());
    }

    /** Waits until a paused {@code qemu-img} recorded itself; returns its process id. */
    long awaitPaused(Process command, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = pid();
            if (pid.isPresent()) {
                return pid.get();
            }
            if (!command.isAlive()) {
                throw new AssertionError("the command ended (status " + command.exitValue()
                        + ") before qemu-img paused");
            }
            Thread.sleep(20);
        }
        throw new AssertionError("qemu-img did not pause within " + timeout);
    }

    private Optional<Long> pid() {
        try {
            if (!Files.exists(marker)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(marker);
            return lines.isEmpty() || !lines.get(0).contains(" ") ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).split(" ")[0]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets the last pause, so that the next one can be awaited. */
    void reset() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path real() {
        return Arrays.stream(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "qemu-img"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("qemu-img is not on PATH"));
    }
}
