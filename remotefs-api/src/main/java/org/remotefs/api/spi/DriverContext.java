package org.remotefs.api.spi;

import java.util.Objects;

/**
 * What a provider's factory receives to build one backend's driver. Built by the runtime (core's
 * registry); new fields are only ever added here, so the factory signature never changes.
 *
 * @param settings the backend's checked settings
 */
public record DriverContext(BackendSettings settings) {

    public DriverContext {
        Objects.requireNonNull(settings, "settings is null");
    }

    public String backendName() {
        return settings.backendName();
    }
}
