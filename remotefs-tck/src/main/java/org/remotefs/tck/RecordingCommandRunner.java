package org.remotefs.tck;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.OutputConsumer;

/** Keeps the commands a driver runs, for the diagnostics of a failed test. */
public final class RecordingCommandRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final List<String> log = new CopyOnWriteArrayList<>();

    public RecordingCommandRunner(CommandRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(Command command) {
        return run(command, chunk -> {
        });
    }

    @Override
    public CommandResult run(Command command, OutputConsumer stdout) {
        log.add(command.toString());
        try {
            CommandResult result = delegate.run(command, stdout);
            log.add("  -> exit " + result.exitCode());
            return result;
        } catch (RuntimeException e) {
            log.add("  -> " + e.getMessage());
            throw e;
        }
    }

    public List<String> log() {
        return List.copyOf(log);
    }
}
