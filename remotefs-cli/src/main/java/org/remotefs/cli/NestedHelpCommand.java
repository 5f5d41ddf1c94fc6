package org.remotefs.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs help [COMMAND...]}: the help of a command at any depth ({@code help volume create}),
 * as {@code openstack help volume create} prints it. picocli's own help command looks one level deep.
 */
@Command(name = "help", helpCommand = true, description = "Print the help of a command: help volume create.")
final class NestedHelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommands.")
    List<String> commands = new ArrayList<>();

    private PrintWriter out;
    private Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.out = out;
        this.colors = colorScheme;
    }

    @Override
    public void run() {
        CommandLine command = spec.commandLine().getParent();
        for (String name : commands) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Unknown command '" + name + "' of '"
                        + command.getCommandSpec().qualifiedName() + "'; it has: "
                        + String.join(", ", command.getSubcommands().keySet()));
            }
            command = sub;
        }
        command.usage(out, colors);
    }
}
