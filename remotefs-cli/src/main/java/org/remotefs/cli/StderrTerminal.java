package org.remotefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process's stderr is a terminal. {@link System#console()} answers for stdin and
 * stdout together, not for stderr ({@code remotefs ... > out.json} still has a terminal on stderr),
 * and Java has no {@code isatty}; on Linux, {@code /proc/self/fd/2} is a link to the device stderr
 * is open on, and terminals are {@code /dev/pts/N}, {@code /dev/ttyN} or {@code /dev/console}. No
 * link (another system, no /proc) counts as no terminal: progress is then shown only when asked for.
 */
final class StderrTerminal {
    private final Path descriptor;

    /** @param descriptor the link to stderr's device: {@code /proc/self/fd/2} */
    StderrTerminal(Path descriptor) {
        this.descriptor = descriptor;
    }

    static StderrTerminal ofThisProcess() {
        return new StderrTerminal(Path.of("/proc/self/fd/2"));
    }

    boolean isTerminal() {
        String target;
        try {
            target = Files.readSymbolicLink(descriptor).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }
}
