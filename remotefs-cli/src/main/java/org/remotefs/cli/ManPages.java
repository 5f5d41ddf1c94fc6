package org.remotefs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Manual pages (troff, section 1) generated from the command definitions: one per command,
 * {@code remotefs-volume-create.1} for {@code remotefs volume create}, with its synopsis, description,
 * arguments, options, subcommands and footer as {@code --help} prints them, so that the pages
 * cannot drift from the commands.
 */
final class ManPages {
    private final CommandLine root;
    private final String version;

    ManPages(CommandLine root, String version) {
        this.root = root;
        this.version = version;
    }

    /** Every page: file name to content, parents before their subcommands. */
    Map<String, String> pages() {
        Map<String, String> pages = new java.util.LinkedHashMap<>();
        add(root, pages);
        return pages;
    }

    private void add(CommandLine command, Map<String, String> pages) {
        CommandSpec spec = command.getCommandSpec();
        if (spec.helpCommand() && spec.parent() != null && spec.parent().parent() != null) {
            return;
        }
        pages.put(pageName(spec) + ".1", page(spec));
        command.getSubcommands().values().forEach(sub -> add(sub, pages));
    }

    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    private String page(CommandSpec spec) {
        StringBuilder page = new StringBuilder();
        String name = pageName(spec);
        String[] description = spec.usageMessage().description();
        page.append(".TH ").append(escape(name.toUpperCase(java.util.Locale.ROOT))).append(" 1 \"\" \"")
                .append(escape(version)).append("\" \"remotefs manual\"\n");
        page.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(description.length == 0 ? spec.qualifiedName() : firstSentence(description[0]))).append('\n');
        page.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(spec.commandLine().getHelp().synopsis(0).replaceFirst("^Usage: ", "").stripTrailing()))
                .append("\n.fi\n");
        if (description.length > 0) {
            page.append(".SH DESCRIPTION\n");
            for (String paragraph : description) {
                page.append(".PP\n").append(escape(paragraph)).append('\n');
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        if (!positionals.isEmpty()) {
            page.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec positional : positionals) {
                page.append(".TP\n\\fI").append(escape(positional.paramLabel())).append("\\fR\n")
                        .append(escape(String.join(" ", positional.description()))).append('\n');
            }
        }
        List<OptionSpec> options = new ArrayList<>(spec.options().stream().filter(o -> !o.hidden()).toList());
        options.sort(java.util.Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "")));
        if (!options.isEmpty()) {
            page.append(".SH OPTIONS\n");
            for (OptionSpec option : options) {
                page.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String optionName : option.names()) {
                    names.add("\\fB" + escape(optionName) + "\\fR" + (option.arity().max() > 0
                            ? " \\fI" + escape(option.paramLabel()) + "\\fR" : ""));
                }
                page.append(String.join(", ", names)).append('\n')
                        .append(escape(String.join(" ", renderedDescription(option)))).append('\n');
            }
        }
        Map<String, CommandLine> subcommands = spec.subcommands();
        if (!subcommands.isEmpty()) {
            page.append(".SH COMMANDS\n");
            subcommands.forEach((subName, sub) -> {
                String[] subDescription = sub.getCommandSpec().usageMessage().description();
                page.append(".TP\n\\fB").append(escape(subName)).append("\\fR\n")
                        .append(escape(subDescription.length == 0 ? "" : firstSentence(subDescription[0])))
                        .append(" See \\fB").append(escape(pageName(sub.getCommandSpec()))).append("\\fR(1).\n");
            });
        }
        String footer = String.join("\n", spec.usageMessage().footer()).strip();
        if (!footer.isEmpty()) {
            page.append(".SH NOTES\n").append(escape(footer)).append('\n');
        }
        if (spec.parent() != null) {
            page.append(".SH SEE ALSO\n\\fB").append(escape(pageName(spec.parent()))).append("\\fR(1)\n");
        }
        return page.toString();
    }

    /** The option's description with picocli's variables (defaults, candidates) filled in, as --help shows it. */
    private static List<String> renderedDescription(OptionSpec option) {
        String[] rendered = option.description();
        List<String> lines = new ArrayList<>();
        for (String line : rendered) {
            lines.add(line.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()))
                    .replace("${COMPLETION-CANDIDATES}", option.completionCandidates() == null ? ""
                            : String.join(", ", (Iterable<String>) option.completionCandidates())));
        }
        return lines;
    }

    private static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return (end < 0 ? text : text.substring(0, end + 1)).strip();
    }

    /** troff: backslashes, hyphens, and a line starting with a control character. */
    private static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder lines = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (lines.length() > 0) {
                lines.append('\n');
            }
            lines.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return lines.toString();
    }
}
