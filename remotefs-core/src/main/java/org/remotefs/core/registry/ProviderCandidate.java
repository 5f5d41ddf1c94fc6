package org.remotefs.core.registry;

import org.remotefs.api.spi.VolumeDriverProvider;

/**
 * A provider found on the class path, with the jar (or directory) it came from.
 *
 * @param provider the provider
 * @param location the code source of its class
 */
public record ProviderCandidate(VolumeDriverProvider provider, String location) {

    public String className() {
        return provider.getClass().getName();
    }

    public boolean spiCompatible() {
        int version = provider.spiVersion();
        return version >= VolumeDriverProvider.MIN_SUPPORTED_SPI_VERSION && version <= VolumeDriverProvider.SPI_VERSION;
    }

    @Override
    public String toString() {
        return className() + " from " + location;
    }
}
