package org.remotefs.core.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.remotefs.core.ForBackends;

/**
 * An external command as an argument list: never a shell string.
 *
 * @param arguments         the program and its arguments
 * @param asRoot            whether to run it through the configured root helper
 * @param timeout           how long it may run, or null for the runner's default
 * @param acceptedExitCodes the exit codes that count as success
 * @param cleanup           whether it only removes what an operation made ({@code rm -f}): it still
 *                          runs after the host asked to stop, so an interrupted operation can roll back
 * @param secrets           values (a password in a mount option) that appear in the arguments but must
 *                          never appear in a log or an error: the runner shows {@code ***} instead
 */
@ForBackends
public record Command(List<String> arguments, boolean asRoot, Duration timeout, Set<Integer> acceptedExitCodes,
                      boolean cleanup, Set<String> secrets) {

    public Command {
        Objects.requireNonNull(arguments, "arguments is null");
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        arguments = List.copyOf(arguments);
        acceptedExitCodes = acceptedExitCodes == null ? Set.of(0) : Set.copyOf(acceptedExitCodes);
        secrets = secrets == null ? Set.of() : Set.copyOf(secrets);
    }

    /** A command without secrets. */
    public Command(List<String> arguments, boolean asRoot, Duration timeout, Set<Integer> acceptedExitCodes,
                   boolean cleanup) {
        this(arguments, asRoot, timeout, acceptedExitCodes, cleanup, Set.of());
    }

    /** A command that is no clean-up (the form before clean-ups existed, kept for backends built on it). */
    public Command(List<String> arguments, boolean asRoot, Duration timeout, Set<Integer> acceptedExitCodes) {
        this(arguments, asRoot, timeout, acceptedExitCodes, false, Set.of());
    }

    /** The command as the user, exit code 0 required, default timeout. */
    public static Command of(String program, String... arguments) {
        List<String> all = new ArrayList<>();
        all.add(program);
        all.addAll(Arrays.asList(arguments));
        return new Command(all, false, null, Set.of(0), false, Set.of());
    }

    /** The same command, run as root through the root helper when {@code root} is true. */
    public Command asRoot(boolean root) {
        return new Command(arguments, root, timeout, acceptedExitCodes, cleanup, secrets);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(arguments, asRoot, newTimeout, acceptedExitCodes, cleanup, secrets);
    }

    public Command acceptingExitCodes(Integer... codes) {
        return new Command(arguments, asRoot, timeout, Set.of(codes), cleanup, secrets);
    }

    /** The same command, marked as a clean-up that runs even after a stop was requested. */
    public Command asCleanup() {
        return new Command(arguments, asRoot, timeout, acceptedExitCodes, true, secrets);
    }

    /** The same command, with values that must never be shown (they are replaced by {@code ***}). */
    public Command withSecrets(String... values) {
        Set<String> all = new java.util.HashSet<>(secrets);
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                all.add(value);
            }
        }
        return new Command(arguments, asRoot, timeout, acceptedExitCodes, cleanup, all);
    }

    /** {@code text} with every secret of this command replaced by {@code ***}. */
    public String masked(String text) {
        String shown = text;
        for (String secret : secrets) {
            shown = shown.replace(secret, "***");
        }
        return shown;
    }

    public String program() {
        return arguments.get(0);
    }

    @Override
    public String toString() {
        return (asRoot ? "[root] " : "") + masked(String.join(" ", arguments));
    }
}
