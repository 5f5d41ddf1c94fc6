package org.remotefs.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import picocli.CommandLine;
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

    /**
     * The subcommands of the group commands, added here rather than by their annotations (in the
     * order their help lists them): a command line naming one of them gets that one only.
     */
    static final Map<Class<?>, List<Class<?>>> MEMBERS = Map.of(
            VolumeCommand.class, List.of(VolumeCommand.Create.class, VolumeCommand.Delete.class,
                    VolumeCommand.Show.class, VolumeCommand.ListVolumes.class, VolumeCommand.Extend.class,
                    VolumeCommand.UploadToImage.class),
            SnapshotCommand.class, List.of(SnapshotCommand.Create.class, SnapshotCommand.Delete.class,
                    SnapshotCommand.Show.class, SnapshotCommand.ListSnapshots.class, SnapshotCommand.Revert.class),
            ImageCommand.class, List.of(ImageCommand.ListImages.class, ImageCommand.Show.class,
                    ImageCommand.Delete.class));

    /** Those that read the whole tree: nested help, and the completion script and man pages. */
    private static final Set<Class<?>> WHOLE_TREE = Set.of(NestedHelpCommand.class, GenerateCommand.class);

    /** A subcommand named on the command line, and where. */
    private record Named(Class<?> command, int at) {
    }

    private Subcommands() {
    }

    /**
     * The subcommands the arguments need: the one named after the root's options, or all of them.
     *
     * @param root the root command's model, built without subcommands (its options tell which
     *             arguments are option values)
     */
    static List<Class<?>> neededFor(String[] args, CommandSpec root) {
        return named(args, 0, root, ALL).map(Named::command).filter(command -> !WHOLE_TREE.contains(command))
                .<List<Class<?>>>map(List::of).orElse(ALL);
    }

    /**
     * Adds their subcommands to the group commands the root has: to the group the arguments name,
     * the one named after it (all of them when none is plainly named); to every other, all of them.
     */
    static void addMembers(String[] args, CommandLine root) {
        Optional<Named> group = named(args, 0, root.getCommandSpec(), ALL);
        // a command with aliases is there under each name: each one once
        for (CommandLine command : new java.util.LinkedHashSet<>(root.getSubcommands().values())) {
            Class<?> type = command.getCommandSpec().userObject().getClass();
            List<Class<?>> members = MEMBERS.get(type);
            if (members == null) {
                continue;
            }
            List<Class<?>> needed = group.filter(named -> named.command() == type)
                    .flatMap(named -> named(args, named.at() + 1, command.getCommandSpec(), members))
                    .<List<Class<?>>>map(named -> List.of(named.command())).orElse(members);
            for (Class<?> member : needed) {
                command.addSubcommand(member);
            }
        }
    }

    /**
     * The command among these that the first argument from {@code from} on which is no option of
     * {@code spec} (nor an option's value) names; empty when that is not plain.
     */
    private static Optional<Named> named(String[] args, int from, CommandSpec spec, List<Class<?>> among) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return Optional.empty();
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                int consumed = optionArguments(arg, spec);
                if (consumed < 0) {
                    return Optional.empty();
                }
                i += consumed;
                continue;
            }
            int at = i;
            return among.stream().filter(command -> names(command).contains(arg)).findFirst()
                    .map(command -> new Named(command, at));
        }
        return Optional.empty();
    }

    /**
     * How many arguments after this one a root option takes (0 or 1), or -1 when the argument is
     * not plainly one option of the root (unknown, or short options clustered).
     */
    private static int optionArguments(String arg, CommandSpec spec) {
        int equals = arg.indexOf('=');
        if (equals > 0) {
            OptionSpec option = spec.findOption(arg.substring(0, equals));
            return option != null && takesValue(option) ? 0 : -1;
        }
        OptionSpec option = spec.findOption(arg);
        if (option != null) {
            return takesValue(option) ? 1 : 0;
        }
        // -fjson: a short option with its value attached
        if (!arg.startsWith("--") && arg.length() > 2) {
            OptionSpec shortOption = spec.findOption(arg.substring(0, 2));
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
