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
        super(codeOf(stderr),
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

    /** The strerror(3) text of {@code ENOSPC}, as qemu-img, dd and the other tools print it. */
    public static final String NO_SPACE_TEXT = "No space left on device";

    /**
     * {@link ErrorCode#NO_SPACE} for a command that failed because its disk is full (a code a
     * program can act on: free space, retry), else {@link ErrorCode#PROCESS_EXECUTION}.
     */
    private static ErrorCode codeOf(String stderr) {
        return stderr != null && stderr.contains(NO_SPACE_TEXT) ? ErrorCode.NO_SPACE : ErrorCode.PROCESS_EXECUTION;
    }
}
