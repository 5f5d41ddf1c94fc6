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

    FaultInjectingRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    /** Fails the n-th qemu-img call from now (1-based); 0 fails none. */
    void failAt(int n) {
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
                throw new ProcessExecutionException(command.arguments(), 1, "", "injected failure", "command failed", null);
            }
        }
        return delegate.run(command);
    }
}
