package org.remotefs.core.exec;

import org.remotefs.core.ForBackends;

/**
 * Runs external commands. Every process remotefs starts goes through here, as an argument list.
 * Implementations are thread-safe.
 */
@ForBackends
public interface CommandRunner {

    /**
     * Runs the command to completion.
     *
     * @return the result, when the exit code is one the command accepts
     * @throws org.remotefs.api.ProcessExecutionException when the program cannot be started, runs
     *         over its timeout (it is killed), or exits with another code
     */
    CommandResult run(Command command);

    /**
     * Runs the command to completion as {@link #run(Command)} does, telling {@code stdout} the
     * command's standard output as it comes. A runner that cannot stream tells it all at the end;
     * a runner that wraps another passes the consumer on.
     */
    default CommandResult run(Command command, OutputConsumer stdout) {
        CommandResult result = run(command);
        stdout.accept(result.stdout());
        return result;
    }
}
