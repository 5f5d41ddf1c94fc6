package org.remotefs.core.exec;

import java.util.concurrent.atomic.AtomicLong;

/** Counts the processes another runner starts: one per command. */
public final class CountingCommandRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final AtomicLong started = new AtomicLong();

    public CountingCommandRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(Command command) {
        started.incrementAndGet();
        return delegate.run(command);
    }

    @Override
    public CommandResult run(Command command, OutputConsumer stdout) {
        started.incrementAndGet();
        return delegate.run(command, stdout);
    }

    /** Processes started so far. */
    public long started() {
        return started.get();
    }
}
