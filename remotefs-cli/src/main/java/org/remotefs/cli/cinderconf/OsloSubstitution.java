package org.remotefs.cli.cinderconf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * oslo.config's substitution in option values: {@code $name} or {@code ${name}} is the value of
 * option {@code name} of {@code [DEFAULT]}, {@code $group.name} that of another section, and
 * {@code $$} a dollar sign. A referenced value is substituted in turn. An option the file does not
 * set takes Cinder's default where this class knows it ({@code state_path}: {@code /var/lib/cinder});
 * a reference to anything else stays as it is and is reported, as oslo.config would refuse it.
 */
public final class OsloSubstitution {
    /** Cinder's defaults of the options its other defaults refer to. */
    private static final Map<String, String> CINDER_DEFAULTS = Map.of("state_path", "/var/lib/cinder");
    /** oslo.config's template: {@code $$}, {@code ${id}} or {@code $id}, ids as its {@code idpattern}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$(?:(\\$)|\\{([_a-zA-Z][._a-zA-Z0-9]*)}|([_a-zA-Z][._a-zA-Z0-9]*))");
    private static final int MAX_DEPTH = 10;

    private final IniDocument document;

    public OsloSubstitution(IniDocument document) {
        this.document = document;
    }

    /** A value with its references replaced, and the references that could not be. */
    public record Substituted(String value, List<String> unresolved) {
    }

    public Substituted substitute(String value) {
        List<String> unresolved = new ArrayList<>();
        return new Substituted(substitute(value, unresolved, 0), List.copyOf(unresolved));
    }

    private String substitute(String value, List<String> unresolved, int depth) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) != null) {
                replacement = "$";
            } else {
                String name = matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
                Optional<String> found = depth < MAX_DEPTH ? lookUp(name) : Optional.empty();
                if (found.isPresent()) {
                    replacement = substitute(found.get(), unresolved, depth + 1);
                } else {
                    unresolved.add(name);
                    replacement = matcher.group();
                }
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private Optional<String> lookUp(String name) {
        int dot = name.indexOf('.');
        if (dot > 0) {
            return document.entry(name.substring(0, dot), name.substring(dot + 1)).map(IniEntry::value);
        }
        return document.entry(IniDocument.DEFAULT, name).map(IniEntry::value)
                .or(() -> Optional.ofNullable(CINDER_DEFAULTS.get(name)));
    }
}
