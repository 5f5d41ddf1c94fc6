package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stands in for {@code qemu-img}, first on a command's {@code PATH} ({@link #failing}): it runs the
 * real one, except for a chosen sub-command ({@code create}, {@code commit}, {@code rebase},
 * {@code convert}, {@code resize}, {@code info}) — every call of it, or only the n-th — where it
 * exits with status 1 and a message on stderr, either without running it (a tool that failed) or
 * after the real one ran to success (a lost answer: the step was done, the caller is told it was
 * not). Each call's sub-command is recorded, so a test can tell that the step was reached.
 *
 * <p>Needs {@code python3} and the real {@code qemu-img} ({@code qemu-utils}) on this process's
 * {@code PATH}; no root. A call that is not failed becomes the real program (Python replaces
 * itself), so signals and exit statuses are the real one's.
 */
public final class FailingQemuImg {
    /** What the stand-in prints on stderr (after {@code qemu-img: <sub>: }) when it fails a call. */
    public static final String MESSAGE = "injected failure (FailingQemuImg)";

    private static final String SCRIPT = """
            import os, subprocess, sys
            real = os.environ["REMOTEFS_TEST_REAL_QEMU_IMG"]
            sub = sys.argv[1] if len(sys.argv) > 1 else ""
            calls = os.environ["REMOTEFS_TEST_CALLS"]
            with open(calls, "a") as log:
                log.write(sub + "\\n")
            if sub == os.environ.get("REMOTEFS_TEST_FAIL", ""):
                with open(calls) as log:
                    seen = sum(1 for line in log if line.strip() == sub)
                nth = int(os.environ.get("REMOTEFS_TEST_FAIL_NTH", "0"))
                if nth == 0 or seen == nth:
                    if os.environ.get("REMOTEFS_TEST_FAIL_AFTER") == "1":
                        status = subprocess.call([real] + sys.argv[1:])
                        if status != 0:
                            sys.exit(status)
                    with open(os.environ["REMOTEFS_TEST_FAILED"], "a") as failed:
                        failed.write(sub + "\\n")
                    sys.stderr.write("qemu-img: %s: %s\\n" % (sub, os.environ["REMOTEFS_TEST_MESSAGE"]))
                    sys.exit(1)
            os.execv(real, [real] + sys.argv[1:])
            """;

    private final Path directory;
    private final Path script;
    private final Path calls;
    private final Path failed;

    /** @param directory where the stand-in is written; it goes first on the command's PATH */
    public FailingQemuImg(Path directory) {
        this.directory = directory;
        this.script = directory.resolve("failing_qemu_img.py");
        this.calls = directory.resolve("calls");
        this.failed = directory.resolve("failed");
    }

    /** Writes the stand-in. */
    public FailingQemuImg start() {
        try {
            Files.createDirectories(directory);
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            Path program = directory.resolve("qemu-img");
            Files.writeString(program, "#!/bin/sh\nexec python3 " + script + " \"$@\"\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            reset();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment that makes {@code qemu-img <sub>} fail.
     *
     * @param sub          the sub-command to fail
     * @param nth          fail only its n-th call since the last {@link #reset} (1-based); 0: every call
     * @param afterRunning run the real one first, and fail only if it succeeded (a lost answer)
     */
    public Map<String, String> failing(String sub, int nth, boolean afterRunning) {
        return Map.of("PATH", directory + ":" + System.getenv("PATH"),
                "REMOTEFS_TEST_REAL_QEMU_IMG", real().toString(),
                "REMOTEFS_TEST_FAIL", sub,
                "REMOTEFS_TEST_FAIL_NTH", Integer.toString(nth),
                "REMOTEFS_TEST_FAIL_AFTER", afterRunning ? "1" : "0",
                "REMOTEFS_TEST_CALLS", calls.toString(),
                "REMOTEFS_TEST_FAILED", failed.toString(),
                "REMOTEFS_TEST_MESSAGE", MESSAGE);
    }

    /** The sub-commands of every call since the last {@link #reset}, in order. */
    public List<String> calls() {
        return lines(calls);
    }

    /** The sub-commands of the calls it failed since the last {@link #reset}. */
    public List<String> failures() {
        return lines(failed);
    }

    /** Forgets the calls seen: the n-th call counts from here. */
    public void reset() {
        try {
            Files.deleteIfExists(calls);
            Files.deleteIfExists(failed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
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
