package org.remotefs.core.host;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.remotefs.api.spi.StopSignal;

/**
 * The host's stop signal, raised once by whoever owns the process (the command line on SIGINT or
 * SIGTERM, an embedding service when it shuts down). Raising it runs the registered actions — the
 * command runner's "stop this child process" — once each.
 */
public final class StopFlag implements StopSignal {
    private final Set<Runnable> actions = new LinkedHashSet<>();
    private String reason;

    /** Raises the flag (the first reason wins) and runs every registered action. */
    public void request(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (reason != null) {
                return;
            }
            reason = why;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        toRun.forEach(StopFlag::runQuietly);
    }

    /** Why a stop was requested, once it was. */
    public synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public synchronized boolean stopRequested() {
        return reason != null;
    }

    @Override
    public Registration whenStopped(Runnable action) {
        synchronized (this) {
            if (reason == null) {
                actions.add(action);
                return () -> {
                    synchronized (StopFlag.this) {
                        actions.remove(action);
                    }
                };
            }
        }
        runQuietly(action);
        return () -> {
        };
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // one failing action (a process already gone) does not keep the others from running
        }
    }
}
