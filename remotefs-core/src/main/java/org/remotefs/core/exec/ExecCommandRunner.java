package org.remotefs.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.core.host.OperationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CommandRunner} on Apache Commons Exec. Arguments are handed over one by one with quoting
 * switched off, so nothing is ever interpreted by a shell. The locale is forced to {@code C} so
 * that messages the drivers look for ("already mounted") read the same everywhere.
 *
 * <p>Every command is a write as far as the {@link OperationGuard} is concerned: none starts once
 * the host asked to stop or a held lock was lost, and a running one is stopped (SIGTERM, as
 * {@link Process#destroy()} sends it) when the host asks to stop, so no child outlives an
 * interrupted operation; the command then fails with {@code INTERRUPTED}. A command's secrets
 * ({@link Command#withSecrets}) are masked in every log line and error; only the child sees them.
 */
public final class ExecCommandRunner implements CommandRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExecCommandRunner.class);

    private final RootHelper rootHelper;
    private final Duration defaultTimeout;
    private final OperationGuard guard;

    public ExecCommandRunner(RootHelper rootHelper, Duration defaultTimeout) {
        this(rootHelper, defaultTimeout, OperationGuard.none());
    }

    public ExecCommandRunner(RootHelper rootHelper, Duration defaultTimeout, OperationGuard guard) {
        this.rootHelper = rootHelper;
        this.defaultTimeout = defaultTimeout;
        this.guard = guard;
    }

    @Override
    public CommandResult run(Command command) {
        return run(command, chunk -> {
        });
    }

    /** As {@link #run(Command)}; each chunk the child writes to stdout also goes to {@code stdout} as it comes. */
    @Override
    public CommandResult run(Command command, OutputConsumer stdout) {
        List<String> arguments = rootHelper.wrap(command);
        CommandLine line = new CommandLine(arguments.get(0));
        for (String argument : arguments.subList(1, arguments.size())) {
            line.addArgument(argument, false);
        }
        Duration timeout = command.timeout() == null ? defaultTimeout : command.timeout();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setStreamHandler(new PumpStreamHandler(new ForwardingOutputStream(out, stdout), err));
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("LC_ALL", "C");
        StopSignal stop = command.cleanup() ? StopSignal.never() : guard.stopSignal();
        if (!command.cleanup()) {
            guard.beforeWrite("running " + arguments.get(0));
        }
        // what logs and errors show: the arguments with the command's secrets masked
        List<String> shown = arguments.stream().map(command::masked).toList();
        // the program the root helper runs, not the helper: "qemu-img commit", "dd"
        String step = ProcessExecutionException.stepOf(command.arguments().stream().map(command::masked).toList());
        LOG.debug("running {}", shown);
        int exitCode;
        try (StopSignal.Registration onStop = stop.whenStopped(() -> stopChild(watchdog))) {
            exitCode = executor.execute(line, environment);
        } catch (IOException e) {
            if (stop.stopRequested()) {
                throw interrupted(arguments);
            }
            throw new ProcessExecutionException(shown, step, -1, command.masked(text(out)), command.masked(text(err)),
                    "could not run", e);
        }
        if (stop.stopRequested()) {
            throw interrupted(arguments);
        }
        if (watchdog.killedProcess()) {
            throw new ProcessExecutionException(shown, step, exitCode, command.masked(text(out)), command.masked(text(err)),
                    "timed out after " + timeout.toSeconds() + " s", null);
        }
        CommandResult result = new CommandResult(arguments, exitCode, text(out), text(err));
        if (!command.acceptedExitCodes().contains(exitCode)) {
            throw new ProcessExecutionException(shown, step, exitCode, command.masked(result.stdout()),
                    command.masked(result.stderr()), "command failed", null);
        }
        return result;
    }

    /**
     * Stops the child on a thread of its own: Commons Exec's {@code destroyProcess} waits until the
     * child has started, which must block neither the thread that raised the stop (a signal
     * handler) nor the one about to start the child.
     */
    private static void stopChild(ExecuteWatchdog watchdog) {
        Thread stopper = new Thread(watchdog::destroyProcess, "remotefs-stop-child");
        stopper.setDaemon(true);
        stopper.start();
    }

    private static RemoteFsException interrupted(List<String> arguments) {
        return new RemoteFsException(ErrorCode.INTERRUPTED, "stopped " + arguments.get(0) + " on request",
                java.util.Map.of("command", arguments.get(0)));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
