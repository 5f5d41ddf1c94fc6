package org.remotefs.core.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An external command as an argument list: never a shell string.
 *
 * @param arguments         the program and its arguments
 * @param asRoot            whether to run it through the configured root helper
 * @param timeout           how long it may run, or null for the runner's default
 * @param acceptedExitCodes the exit codes that count as success
 */
public record Command(List<String> arguments, boolean asRoot, Duration timeout, Set<Integer> acceptedExitCodes) {

    public Command {
        Objects.requireNonNull(arguments, "arguments is null");
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        arguments = List.copyOf(arguments);
        acceptedExitCodes = acceptedExitCodes == null ? Set.of(0) : Set.copyOf(acceptedExitCodes);
    }

    /** The command as the user, exit code 0 required, default timeout. */
    public static Command of(String program, String... arguments) {
        List<String> all = new ArrayList<>();
        all.add(program);
        all.addAll(Arrays.asList(arguments));
        return new Command(all, false, null, Set.of(0));
    }

    /** The same command, run as root through the root helper when {@code root} is true. */
    public Command asRoot(boolean root) {
        return new Command(arguments, root, timeout, acceptedExitCodes);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(arguments, asRoot, newTimeout, acceptedExitCodes);
    }

    public Command acceptingExitCodes(Integer... codes) {
        return new Command(arguments, asRoot, timeout, Set.of(codes));
    }

    public String program() {
        return arguments.get(0);
    }

    @Override
    public String toString() {
        return (asRoot ? "[root] " : "") + String.join(" ", arguments);
    }
}
