package org.remotefs.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import org.remotefs.core.host.StopFlag;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM for one run of the command: the first raises the host's {@link StopFlag},
 * which stops the running child processes and makes the operation roll back and fail with
 * {@code INTERRUPTED}; the command then exits with 128 + the signal's number (130, 143), as a
 * shell reports a process a signal ended. A second signal is not needed. Should the roll-back not
 * finish within the grace period, the process ends anyway with the same status, saying so.
 */
final class SignalStop {
    static final Duration GRACE = Duration.ofSeconds(60);

    private final StopFlag flag;
    private final PrintStream stderr;
    private volatile int signal;

    SignalStop(StopFlag flag, PrintStream stderr) {
        this.flag = flag;
        this.stderr = stderr;
    }

    /** Takes SIGINT and SIGTERM over from the JVM's default (which would exit at once, mid-write). */
    void install() {
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), this::received);
        }
    }

    private void received(Signal received) {
        synchronized (this) {
            if (signal != 0) {
                return;
            }
            signal = received.getNumber();
        }
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            stderr.println("error [INTERRUPTED]: SIG" + received.getName() + " received and the operation did not stop"
                    + " within " + GRACE.toSeconds() + " s; exiting");
            Runtime.getRuntime().halt(128 + received.getNumber());
        }, "remotefs-stop-deadline");
        deadline.setDaemon(true);
        deadline.start();
        flag.request("SIG" + received.getName());
    }

    /** The signal received, if any. */
    OptionalInt signal() {
        int number = signal;
        return number == 0 ? OptionalInt.empty() : OptionalInt.of(number);
    }
}
