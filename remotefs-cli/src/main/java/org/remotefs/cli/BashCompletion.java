package org.remotefs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The bash completion script: picocli's, generated from the command definitions, with the ids of
 * the configured backend offered where a command takes one. A positional labelled {@code ID} or
 * {@code VOLUME_ID} completes volume ids, {@code SNAPSHOT_ID} snapshot ids and {@code IMAGE} image
 * ids, each listed at completion time by the same {@code remotefs} (with the {@code --config} and
 * {@code --backend} already on the line) through the read-only {@code list -f value -c id}.
 */
final class BashCompletion {
    /** What each positional label completes: the group whose {@code list} gives the ids. */
    private static final Map<String, String> ID_KINDS = Map.of("ID", "volume", "VOLUME_ID", "volume",
            "SNAPSHOT_ID", "snapshot", "IMAGE", "image");
    private static final String NO_POSITIONALS = "    local positionals=\"\"\n";

    private static final String ID_FUNCTION = """

            # remotefs: the ids of the backend the command line names (its --config and --backend),
            # listed by the same remotefs; nothing when it cannot list them
            function _remotefs_ids() {
              local kind=$1 args=() i value
              for ((i = 1; i < COMP_CWORD; i++)); do
                case ${COMP_WORDS[i]} in
                  --config|--backend)
                    value=${COMP_WORDS[i+1]}
                    [[ $value == "=" ]] && value=${COMP_WORDS[i+2]}
                    args+=("${COMP_WORDS[i]}" "$value")
                    ;;
                esac
              done
              "${COMP_WORDS[0]}" "${args[@]}" "$kind" list -f value -c id 2>/dev/null
            }
            """;

    private final CommandLine root;

    BashCompletion(CommandLine root) {
        this.root = root;
    }

    String script() {
        String name = root.getCommandName();
        String script = AutoComplete.bash(name, root);
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        for (CommandLine command : all) {
            String kind = idKind(command.getCommandSpec());
            if (kind == null) {
                continue;
            }
            String function = "function " + functionName(command.getCommandSpec()) + "() {\n";
            int start = script.indexOf(function);
            int at = start < 0 ? -1 : script.indexOf(NO_POSITIONALS, start);
            int next = start < 0 ? -1 : script.indexOf("\nfunction ", start + function.length());
            if (at < 0 || (next >= 0 && at > next)) {
                throw new IllegalStateException("picocli's completion script has no positionals of " + function.strip());
            }
            script = script.substring(0, at) + "    local positionals=$(_remotefs_ids " + kind + ")\n"
                    + script.substring(at + NO_POSITIONALS.length());
        }
        int complete = script.lastIndexOf("\ncomplete ");
        return script.substring(0, complete) + ID_FUNCTION + script.substring(complete);
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /** The kind of id the command's first positional is, or null. */
    private static String idKind(CommandSpec spec) {
        List<PositionalParamSpec> positionals = spec.positionalParameters();
        return positionals.isEmpty() ? null : ID_KINDS.get(positionals.get(0).paramLabel().toUpperCase(Locale.ROOT));
    }

    /** picocli's function name: {@code _picocli_remotefs_volume_uploadtoimage}. */
    private static String functionName(CommandSpec spec) {
        List<String> names = new ArrayList<>();
        for (CommandSpec s = spec; s != null; s = s.parent()) {
            names.add(0, s.name().replaceAll("[^A-Za-z0-9]", ""));
        }
        return "_picocli_" + String.join("_", names);
    }
}
