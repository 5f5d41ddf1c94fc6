package org.remotefs.api.spi;

import java.util.Map;
import java.util.Objects;

/**
 * The configuration section of one host service, as plain strings, with where each value came
 * from, and the host's stop signal.
 *
 * @param section the section's path ({@code remotefs.coordination})
 * @param values  its scalar values by key, as strings (null values left out)
 * @param origins where each value was set ({@code file:line}), by key
 * @param stop    the host's stop signal, for services that wait
 */
public record HostServiceSettings(String section, Map<String, String> values, Map<String, String> origins,
                                  StopSignal stop) {

    public HostServiceSettings {
        Objects.requireNonNull(section, "section is null");
        values = Map.copyOf(Objects.requireNonNull(values, "values is null"));
        origins = Map.copyOf(Objects.requireNonNull(origins, "origins is null"));
        Objects.requireNonNull(stop, "stop is null");
    }

    /** The value of {@code key}, or {@code fallback} when it is not set. */
    public String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** {@code section.key (origin)}, for error messages. */
    public String describe(String key) {
        return section + "." + key + " (" + origins.getOrDefault(key, "default") + ")";
    }
}
