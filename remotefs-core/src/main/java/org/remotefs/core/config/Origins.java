package org.remotefs.core.config;

import com.typesafe.config.ConfigOrigin;

/** Short "file:line" descriptions of where a configuration value came from. */
final class Origins {
    private Origins() {
    }

    static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "unknown origin";
        }
        String where = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource()
                : origin.url() != null ? origin.url().toString()
                : origin.description();
        return origin.lineNumber() > 0 ? where + ":" + origin.lineNumber() : where;
    }
}
