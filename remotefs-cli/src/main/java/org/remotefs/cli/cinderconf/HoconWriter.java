package org.remotefs.cli.cinderconf;

import java.util.List;

import com.typesafe.config.ConfigUtil;

/**
 * Writes a {@link CinderImport} as remotefs's HOCON configuration, each option under a comment
 * naming the Cinder section and line it came from, so that a reader can check it against the
 * file. For standard output every secret is replaced by {@link #PLACEHOLDER}, with a comment
 * saying which Cinder value to put there: a terminal, a pipe or a CI log must never carry one.
 */
public final class HoconWriter {
    /** What stands for a secret in printed output; the user replaces it. */
    public static final String PLACEHOLDER = "FILL-IN-SECRET";

    private final boolean maskSecrets;

    /** @param maskSecrets whether secrets are replaced by {@link #PLACEHOLDER} (output that is printed) */
    public HoconWriter(boolean maskSecrets) {
        this.maskSecrets = maskSecrets;
    }

    public String write(CinderImport result) {
        StringBuilder text = new StringBuilder();
        text.append("# Carried over from ").append(result.source()).append(" by 'remotefs config import-cinder'.\n");
        text.append("# Each option names the Cinder section and line it came from.\n");
        if (maskSecrets) {
            text.append("# Secrets are not printed: replace each ").append(PLACEHOLDER)
                    .append(" with the value its comment names.\n");
        }
        text.append("remotefs.backends {\n");
        for (ImportedBackend backend : result.backends()) {
            text.append("  # volume_driver = ").append(backend.volumeDriver()).append(" (").append(backend.driverOrigin())
                    .append(")\n");
            text.append("  ").append(ConfigUtil.joinPath(backend.name())).append(" {\n");
            text.append("    driver = ").append(backend.driverId()).append("\n");
            for (ImportedOption option : backend.options()) {
                option(text, "    ", option);
            }
            text.append("  }\n");
        }
        text.append("}\n");
        result.coordination().ifPresent(option -> {
            text.append("remotefs.coordination {\n");
            boolean masked = maskSecrets && option.secret();
            String url = (String) option.value();
            text.append("  # ").append(origin(option));
            if (masked) {
                text.append("; its password is not printed: replace ").append(PLACEHOLDER).append(" with it");
            }
            text.append("\n  backend_url = ").append(ConfigUtil.quoteString(masked
                    ? CoordinationUrl.masked(url, PLACEHOLDER) : url)).append("\n");
            text.append("}\n");
        });
        for (ImportedService service : result.services()) {
            text.append(service.section()).append(" {\n");
            text.append("  # ").append(service.typeReason()).append("\n");
            text.append("  type = ").append(service.type()).append("\n");
            for (ImportedOption option : service.options()) {
                option(text, "  ", option);
            }
            text.append("}\n");
        }
        for (LeftOutBackend left : result.leftOut()) {
            text.append("# left out: [").append(left.name()).append("]: ").append(oneLine(left.reason())).append("\n");
        }
        return text.toString();
    }

    private void option(StringBuilder text, String indent, ImportedOption option) {
        boolean masked = maskSecrets && option.secret() && !"".equals(option.value());
        text.append(indent).append("# ").append(origin(option));
        if (!option.note().isEmpty()) {
            text.append("; ").append(option.note());
        }
        if (masked) {
            text.append("; secret, not printed: replace ").append(PLACEHOLDER).append(" with its value");
        }
        text.append("\n").append(indent).append(option.key()).append(" = ")
                .append(masked ? ConfigUtil.quoteString(PLACEHOLDER) : value(option.value())).append("\n");
    }

    private static String origin(ImportedOption option) {
        if (option.line() == 0) {
            return "[" + option.section() + "] " + option.key() + " " + option.note();
        }
        return "[" + option.section() + "] " + option.key() + ", line " + option.line();
    }

    private static String value(Object value) {
        if (value instanceof Boolean || value instanceof Number) {
            return value.toString();
        }
        return ConfigUtil.quoteString(value.toString());
    }

    private static String oneLine(String text) {
        return String.join(" ", List.of(text.split("\\R")));
    }
}
