package org.remotefs.cli.cinderconf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An INI file as oslo.config reads it: sections by name, each with its keys in file order.
 * Section names other than {@code DEFAULT} are compared without case, as oslo.config normalises
 * group names.
 *
 * @param source   the file, for messages and comments
 * @param sections the sections in file order, keyed by normalised name; a section given twice is one
 */
public record IniDocument(String source, Map<String, Map<String, IniEntry>> sections) {
    public static final String DEFAULT = "DEFAULT";

    public IniDocument {
        sections = new LinkedHashMap<>(sections);
    }

    /** oslo.config's group name normalisation: {@code DEFAULT} stays, any other is lower-cased. */
    public static String normalise(String section) {
        return section.equals(DEFAULT) ? section : section.toLowerCase(Locale.ROOT);
    }

    public boolean hasSection(String section) {
        return sections.containsKey(normalise(section));
    }

    /** The section's keys, empty when the file has no such section. */
    public Map<String, IniEntry> section(String section) {
        return sections.getOrDefault(normalise(section), Map.of());
    }

    public Optional<IniEntry> entry(String section, String key) {
        return Optional.ofNullable(section(section).get(key));
    }
}
