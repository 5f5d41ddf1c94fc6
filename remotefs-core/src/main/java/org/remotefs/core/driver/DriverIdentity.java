package org.remotefs.core.driver;

import java.util.Set;

import org.remotefs.api.spi.Capability;

/**
 * Who a core-based driver is.
 *
 * @param id                 the provider id
 * @param version            the driver version ({@code driver_version})
 * @param prefix             Cinder's {@code driver_prefix}: option prefix and lock-name part
 * @param capabilities       what it declares
 * @param defaultBackendName the {@code volume_backend_name} when none is configured
 */
public record DriverIdentity(String id, String version, String prefix, Set<Capability> capabilities,
                             String defaultBackendName) {

    public DriverIdentity {
        capabilities = Set.copyOf(capabilities);
    }

    /** Cinder's lock name for a volume. */
    public String lockName(String volumeId) {
        return "cinder-" + prefix + "-" + volumeId;
    }
}
