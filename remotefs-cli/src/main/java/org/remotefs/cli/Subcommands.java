package org.remotefs.cli;

import java.util.List;
import java.util.Set;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The root command's subcommands, and which of them one command line needs. picocli builds the
 * model of every subcommand it is given (options, help texts, nested commands), which took a good
 * part of a short command's start-up; a command line naming one subcommand gets that one only.
 * Whatever is not plainly one subcommand (no command, help, usage errors, an unknown word) gets
 * them all, so that help, completion and error messages see the whole tree as before.
 */
final class Subcommands {
    /** Every subcommand of {@code remotefs}, in the order its help lists them. */
    static final List<Class<?>> ALL = List.of(DriversCommand.class, BackendsCommand.class, ConfigCommand.class,
            VolumeCommand.class, SnapshotCommand.class, ImageCommand.class, ConnectionCommand.class, StatsCommand.class,
            CheckCommand.class, LocksCommand.class, BenchCommand.class, TckCommand.class, GenerateCommand.class,
            NestedHelpCommand.class);

    /** Those that read the whole tree: nested help, and the completion script and man pages. */
    private static final Set<Class<?>> WHOLE_TREE = Set.of(NestedHelpCommand.class, GenerateCommand.class);

    private Subcommands() {
    }

    /**
     * The subcommands the arguments need: the one named after the root's options, or all of them.
     *
     * @param root the root command's model, built without subcommands (its options tell which
     *             arguments are option values)
     */
    static List<Class<?>> neededFor(String[] args, CommandSpec root) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return ALL;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                int consumed = optionArguments(arg, root);
                if (consumed < 0) {
                    return ALL;
                }
                i += consumed;
                continue;
            }
            return ALL.stream().filter(command -> names(command).contains(arg)).findFirst()
                    .filter(command -> !WHOLE_TREE.contains(command))
                    .<List<Class<?>>>map(List::of).orElse(ALL);
        }
        return ALL;
    }

    /**
     * How many arguments after this one a root option takes (0 or 1), or -1 when the argument is
     * not plainly one option of the root (unknown, or short options clustered).
     */
    private static int optionArguments(String arg, CommandSpec root) {
        int equals = arg.indexOf('=');
        if (equals > 0) {
            OptionSpec option = root.findOption(arg.substring(0, equals));
            return option != null && takesValue(option) ? 0 : -1;
        }
        OptionSpec option = root.findOption(arg);
        if (option != null) {
            return takesValue(option) ? 1 : 0;
        }
        // -fjson: a short option with its value attached
        if (!arg.startsWith("--") && arg.length() > 2) {
            OptionSpec shortOption = root.findOption(arg.substring(0, 2));
            return shortOption != null && takesValue(shortOption) ? 0 : -1;
        }
        return -1;
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().max() > 0;
    }

    private static List<String> names(Class<?> command) {
        Command annotation = command.getAnnotation(Command.class);
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(annotation.name()),
                java.util.Arrays.stream(annotation.aliases())).toList();
    }
}
