package org.remotefs.core.localfs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.remotefs.api.ProcessExecutionException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;

/** Runs commands for real, except the n-th qemu-img call, which fails as a crashed qemu-img would. */
final class FaultInjectingRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<List<String>> qemuImgCalls = new ArrayList<>();
    private volatile int failAt = -1;
    private volatile boolean afterRunning;

    FaultInjectingRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    /**
     * Runs the n-th qemu-img call from now (1-based) for real, then reports it failed: a call that
     * did its work and whose answer was lost, or a process killed right after it.
     */
    void loseAnswerAt(int n) {
        failAt(n);
        afterRunning = true;
    }

    /** Fails the n-th qemu-img call from now (1-based); 0 fails none. */
    void failAt(int n) {
        afterRunning = false;
        calls.set(0);
        synchronized (qemuImgCalls) {
            qemuImgCalls.clear();
        }
        failAt = n;
    }

    /** The qemu-img commands seen since {@link #failAt}. */
    List<List<String>> qemuImgCalls() {
        synchronized (qemuImgCalls) {
            return List.copyOf(qemuImgCalls);
        }
    }

    @Override
    public CommandResult run(Command command) {
        if (command.program().equals("qemu-img")) {
            synchronized (qemuImgCalls) {
                qemuImgCalls.add(command.arguments());
            }
            if (calls.incrementAndGet() == failAt) {
                if (afterRunning) {
                    delegate.run(command);
                }
                throw new ProcessExecutionException(command.arguments(), 1, "", "injected failure", "command failed", null);
            }
        }
        return delegate.run(command);
    }
}
