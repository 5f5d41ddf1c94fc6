package org.remotefs.cli.cinderconf;

import java.util.List;

/**
 * One key of an INI section, with every value it was given there (oslo.config keeps them all for
 * multi-valued options; for the others the last one counts) and the line of the last.
 *
 * @param key    the key as written, stripped
 * @param values the values in file order, a multi-line value joined with newlines
 * @param line   the line (1-based) where the last value starts
 */
public record IniEntry(String key, List<String> values, int line) {
    public IniEntry {
        values = List.copyOf(values);
    }

    /** The value that counts for a single-valued option: the last one given. */
    public String value() {
        return values.get(values.size() - 1);
    }
}
