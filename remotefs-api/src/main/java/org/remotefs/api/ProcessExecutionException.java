package org.remotefs.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An external command exited with an unexpected status, timed out or could not be started.
 * Carries the command as an argument list, the exit code (-1 when it never ran or was killed),
 * and the captured output.
 */
public final class ProcessExecutionException extends RemoteFsException {
    private static final long serialVersionUID = 1L;

    private final List<String> command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public ProcessExecutionException(List<String> command, int exitCode, String stdout, String stderr,
                                     String reason, Throwable cause) {
        super(ErrorCode.PROCESS_EXECUTION,
                reason + ": " + String.join(" ", command) + " (exit code " + exitCode + ")"
                        + (stderr == null || stderr.isBlank() ? "" : ": " + stderr.strip()),
                Map.of("command", String.join(" ", command), "exit_code", Integer.toString(exitCode)),
                cause);
        this.command = List.copyOf(Objects.requireNonNull(command, "command is null"));
        this.exitCode = exitCode;
        this.stdout = stdout == null ? "" : stdout;
        this.stderr = stderr == null ? "" : stderr;
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}
