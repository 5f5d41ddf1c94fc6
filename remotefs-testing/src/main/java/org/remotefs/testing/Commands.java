package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs a program as an argument list (never through a shell) and captures what it printed. */
final class Commands {
    record Result(int exitCode, String output) {
    }

    private Commands() {
    }

    /** Runs the command; stdout and stderr together in the output. */
    static Result exec(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Runs the command and returns its output; a non-zero exit status is an error. */
    static String run(List<String> command) {
        Result result = exec(command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(command + " failed with status " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }

    /** Whether each program is on this process's PATH. */
    static boolean installed(String... programs) {
        for (String program : programs) {
            if (exec(List.of("sh", "-c", "command -v \"$1\"", "sh", program)).exitCode() != 0) {
                return false;
            }
        }
        return true;
    }
}
