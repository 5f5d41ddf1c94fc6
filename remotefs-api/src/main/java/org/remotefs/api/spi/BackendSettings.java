package org.remotefs.api.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable, typed settings of one configured backend: every option its provider declares,
 * each already checked for type and range, with where its value came from. Providers never see
 * the configuration library's objects.
 *
 * @param backendName the backend's name in configuration ({@code remotefs.backends.<name>})
 * @param values      the settings by option key
 */
public record BackendSettings(String backendName, Map<String, Setting> values) {

    public BackendSettings {
        Objects.requireNonNull(backendName, "backendName is null");
        values = Map.copyOf(Objects.requireNonNull(values, "values is null"));
    }

    /** The setting of a declared option. */
    public Setting setting(String key) {
        Setting setting = values.get(key);
        if (setting == null) {
            throw new IllegalArgumentException("option '" + key + "' is not declared by backend '"
                    + backendName + "'s driver");
        }
        return setting;
    }

    /** A string option's value; null only for an unset nullable option. */
    public String string(String key) {
        return (String) setting(key).value();
    }

    /** A string option's value, empty when unset or blank. */
    public Optional<String> optionalString(String key) {
        String value = string(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public boolean bool(String key) {
        return (Boolean) setting(key).value();
    }

    public int integer(String key) {
        return (Integer) setting(key).value();
    }

    public double decimal(String key) {
        return (Double) setting(key).value();
    }

    /** Where the option's value came from, for error messages. */
    public String origin(String key) {
        return setting(key).origin();
    }
}
