package org.remotefs.cli;

/** How results are printed. */
public enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** Exactly one JSON document on stdout; errors as one JSON object on stderr. */
    JSON
}
