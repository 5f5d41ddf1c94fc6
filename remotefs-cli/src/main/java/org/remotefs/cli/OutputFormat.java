package org.remotefs.cli;

/**
 * How results are printed: the formats of the {@code openstack} client ({@code -f}), so that a
 * script written against it reads remotefs's output the same way.
 */
public enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** Exactly one JSON document on stdout; errors as one JSON object on stderr. */
    JSON,
    /** One YAML document on stdout, the same fields as JSON. */
    YAML,
    /** Bare values: one per line for an object, one line per row (space separated) for a list. */
    VALUE,
    /** Comma-separated values with a header line, strings quoted (the client's non-numeric quoting). */
    CSV;

    /** The formats as they are typed, lower-case: for the help text and shell completion. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(values()).map(f -> f.name().toLowerCase(java.util.Locale.ROOT)).iterator();
        }
    }

    /** Whether the output is one document keeping nested fields (JSON, YAML) rather than flat cells. */
    boolean document() {
        return this == JSON || this == YAML;
    }

    /** Whether lines meant for people (what was done) are printed: only in the table form. */
    boolean forPeople() {
        return this == TABLE;
    }
}
