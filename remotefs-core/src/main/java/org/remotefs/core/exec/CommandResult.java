package org.remotefs.core.exec;

import org.remotefs.core.ForBackends;

import java.util.List;

/**
 * What a finished command left behind.
 *
 * @param command  the arguments that ran, root helper included
 * @param exitCode its exit code
 * @param stdout   its standard output (UTF-8)
 * @param stderr   its standard error (UTF-8)
 */
@ForBackends
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }
}
