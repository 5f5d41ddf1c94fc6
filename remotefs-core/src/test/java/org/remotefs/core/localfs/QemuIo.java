package org.remotefs.core.localfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes image contents through a real {@code qemu-io}, for data checks through chains. */
final class QemuIo {
    static final int MIB = 1 << 20;

    private QemuIo() {
    }

    /** Writes one MiB of {@code pattern} at {@code offsetMib}. */
    static void write(Path image, String format, int pattern, int offsetMib) {
        run(List.of("qemu-io", "-f", format, "-c", "write -P " + pattern + " " + offsetMib * (long) MIB + " " + MIB,
                image.toString()));
    }

    /**
     * Whether the image reads {@code patterns[i]} in MiB {@code i} for each i (0 for zeros).
     *
     * @return null when it does, else qemu-io's complaint
     */
    static String mismatch(Path image, String format, int... patterns) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format, "-r"));
        for (int i = 0; i < patterns.length; i++) {
            command.add("-c");
            command.add("read -P " + patterns[i] + " " + i * (long) MIB + " " + MIB);
        }
        command.add(image.toString());
        Result result = exec(command);
        // qemu-io versions differ in whether a failed pattern check fails the run: both are looked at
        return result.exitCode == 0 && !result.output.contains("Pattern verification failed") ? null : result.output;
    }

    private record Result(int exitCode, String output) {
    }

    private static void run(List<String> command) {
        Result result = exec(command);
        if (result.exitCode != 0) {
            throw new IllegalStateException(command + " failed: " + result.output);
        }
    }

    private static Result exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
