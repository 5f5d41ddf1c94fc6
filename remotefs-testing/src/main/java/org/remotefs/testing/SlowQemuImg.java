package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in for {@code qemu-img}, first on a command's {@code PATH} ({@link #pausing}): it runs the
 * real one, but for a chosen sub-command ({@code convert}, {@code commit}, ...) it first — or, "after",
 * once the real one finished — records its process id in a marker file and sleeps, so that a test can
 * signal or kill the command at exactly that step of an operation. It stays one process (Python
 * replaces itself with the real program), so stopping it stops the step.
 *
 * <p>Needs {@code python3} and the real {@code qemu-img} ({@code qemu-utils}) on this process's
 * {@code PATH}; no root. {@link #close()} stops, by process id, a pause still sleeping.
 */
public final class SlowQemuImg implements AutoCloseable {
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
    private final Path script;
    private final List<Long> paused = new ArrayList<>();
    private Duration pause = Duration.ofSeconds(60);

    /** @param directory where the stand-in is written; it goes first on the command's PATH */
    public SlowQemuImg(Path directory) {
        this.directory = directory;
        this.marker = directory.resolve("entered");
        this.script = directory.resolve("slow_qemu_img.py");
    }

    /** How long a pause lasts (default 60 s): long enough for the test to stop the command in it. */
    public SlowQemuImg withPause(Duration pause) {
        this.pause = pause;
        return this;
    }

    /** Writes the stand-in. */
    public SlowQemuImg start() {
        try {
            Files.createDirectories(directory);
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            Path program = directory.resolve("qemu-img");
            Files.writeString(program, "#!/bin/sh\nexec python3 " + script + " \"$@\"\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment that makes a command pause in {@code qemu-img <sub>} before (or after) it runs. */
    public Map<String, String> pausing(String sub, boolean after) {
        return Map.of("PATH", directory + ":" + System.getenv("PATH"),
                "REMOTEFS_TEST_REAL_QEMU_IMG", real().toString(),
                after ? "REMOTEFS_TEST_SLOW_AFTER" : "REMOTEFS_TEST_SLOW_BEFORE", sub,
                "REMOTEFS_TEST_MARKER", marker.toString(),
                "REMOTEFS_TEST_SLEEP", Double.toString(pause.toMillis() / 1000.0));
    }

    /** Waits until a paused {@code qemu-img} recorded itself; returns its process id. */
    public long awaitPaused(Process command, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = pid();
            if (pid.isPresent()) {
                paused.add(pid.get());
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
    public void reset() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops each pause it saw that still sleeps, by its process id — only if that process still runs
     * this stand-in's script, so a reused process id is never hit.
     */
    @Override
    public void close() {
        for (long pid : paused) {
            ProcessHandle.of(pid)
                    .filter(process -> process.info().commandLine().map(line -> line.contains(script.toString()))
                            .orElse(false))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
        paused.clear();
    }

    private static Path real() {
        return Arrays.stream(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, "qemu-img"))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("qemu-img is not on PATH"));
    }
}
