package org.remotefs.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands: run alone, it is a usage error (exit 2, its usage
 * printed; with {@code --format json}, one JSON error), not a success that did nothing.
 */
abstract class GroupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand of '" + spec.qualifiedName()
                + "': one of " + String.join(", ", spec.subcommands().keySet()));
    }
}
