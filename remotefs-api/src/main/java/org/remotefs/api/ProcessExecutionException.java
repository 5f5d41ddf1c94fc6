package org.remotefs.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An external command exited with an unexpected status, timed out or could not be started.
 * Carries the command as an argument list, the exit code (-1 when it never ran or was killed),
 * and the captured output. Its details name the command ({@code command}: the whole argument
 * list, {@code step}: the program and, for {@code qemu-img}, its sub-command, such as
 * {@code qemu-img commit}, so a program can tell which step of an operation failed without
 * parsing the message) and the {@code exit_code}.
 */
public final class ProcessExecutionException extends RemoteFsException {
    private static final long serialVersionUID = 1L;

    private final List<String> command;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public ProcessExecutionException(List<String> command, int exitCode, String stdout, String stderr,
                                     String reason, Throwable cause) {
        this(command, stepOf(command), exitCode, stdout, stderr, reason, cause);
    }

    /**
     * @param command the argument list as run (a root helper's prefix included)
     * @param step    what {@code details.step} names: the program run (without the root helper)
     *                and, for {@code qemu-img}, its sub-command ({@link #stepOf})
     */
    public ProcessExecutionException(List<String> command, String step, int exitCode, String stdout, String stderr,
                                     String reason, Throwable cause) {
        super(codeOf(stderr),
                reason + ": " + String.join(" ", command) + " (exit code " + exitCode + ")"
                        + (stderr == null || stderr.isBlank() ? "" : ": " + stderr.strip()),
                Map.of("command", String.join(" ", command), "step", step,
                        "exit_code", Integer.toString(exitCode)),
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

    /** {@code details.step}: the program and, for {@code qemu-img}, its sub-command. */
    public String step() {
        return details().get("step");
    }

    /**
     * The program's name (its last path element), with the sub-command for a program that has
     * them ({@code qemu-img}). A root helper's prefix ({@code sudo}, {@code env}, {@code
     * cinder-rootwrap <conf>}) is skipped: the step is the program it runs.
     */
    public static String stepOf(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            String program = command.get(i).substring(command.get(i).lastIndexOf('/') + 1);
            if (SUB_COMMANDS.contains(program)) {
                return i + 1 < command.size() ? program + " " + command.get(i + 1) : program;
            }
        }
        return command.isEmpty() ? "" : command.get(0).substring(command.get(0).lastIndexOf('/') + 1);
    }

    /** Programs whose first argument is a sub-command that says what the step does. */
    private static final java.util.Set<String> SUB_COMMANDS = java.util.Set.of("qemu-img");

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
