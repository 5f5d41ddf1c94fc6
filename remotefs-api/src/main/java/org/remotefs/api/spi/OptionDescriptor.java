package org.remotefs.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A configuration option a driver reads, under its Cinder name. Defaults live in the provider's
 * {@code reference.conf} (one place, checked against these descriptors by the provider's tests).
 *
 * @param key         the option's Cinder name, for instance {@code nfs_shares_config}
 * @param type        its type
 * @param description one sentence for {@code remotefs drivers} and the docs
 * @param secret      whether the value must be masked in logs and output
 * @param nullable    whether the option may be unset (Cinder's {@code None})
 * @param choices     the accepted values (compared case-insensitively), empty for any
 * @param min         the smallest accepted number, or null
 * @param max         the largest accepted number, or null
 */
public record OptionDescriptor(String key, OptionType type, String description, boolean secret, boolean nullable,
                               List<String> choices, Double min, Double max) {

    public OptionDescriptor {
        Objects.requireNonNull(key, "key is null");
        if (!key.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("option key '" + key + "' is not lower_snake_case");
        }
        Objects.requireNonNull(type, "type is null");
        Objects.requireNonNull(description, "description is null");
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    public static OptionDescriptor string(String key, String description) {
        return new OptionDescriptor(key, OptionType.STRING, description, false, false, List.of(), null, null);
    }

    public static OptionDescriptor nullableString(String key, String description) {
        return new OptionDescriptor(key, OptionType.STRING, description, false, true, List.of(), null, null);
    }

    public static OptionDescriptor secret(String key, String description) {
        return new OptionDescriptor(key, OptionType.STRING, description, true, false, List.of(), null, null);
    }

    public static OptionDescriptor choice(String key, String description, List<String> choices) {
        return new OptionDescriptor(key, OptionType.STRING, description, false, false, choices, null, null);
    }

    public static OptionDescriptor bool(String key, String description) {
        return new OptionDescriptor(key, OptionType.BOOLEAN, description, false, false, List.of(), null, null);
    }

    public static OptionDescriptor integer(String key, String description, Integer min, Integer max) {
        return new OptionDescriptor(key, OptionType.INTEGER, description, false, false, List.of(),
                min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue());
    }

    public static OptionDescriptor decimal(String key, String description, Double min, Double max) {
        return new OptionDescriptor(key, OptionType.FLOAT, description, false, false, List.of(), min, max);
    }
}
