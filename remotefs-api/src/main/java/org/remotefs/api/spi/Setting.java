package org.remotefs.api.spi;

import java.util.Objects;

/**
 * One option's value, already checked against its {@link OptionDescriptor}.
 *
 * @param key    the option key
 * @param value  a {@link String}, {@link Boolean}, {@link Integer} or {@link Double} per the
 *               option's type, or null for an unset nullable option
 * @param origin where the value came from ({@code file.conf:12}, or {@code reference.conf} for a default)
 * @param secret whether the value must be masked
 */
public record Setting(String key, Object value, String origin, boolean secret) {

    public Setting {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(origin, "origin is null");
    }

    /** The value for logs and output: secrets masked. */
    public String display() {
        if (value == null) {
            return "null";
        }
        return secret ? "***" : value.toString();
    }
}
