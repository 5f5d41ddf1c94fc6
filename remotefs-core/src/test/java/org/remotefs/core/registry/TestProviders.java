package org.remotefs.core.registry;

import java.util.List;
import java.util.Set;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.VolumeDriverProvider;

/** Providers that misbehave in the ways the registry must report. Listed in service files made by the tests. */
final class TestProviders {
    private TestProviders() {
    }

    /** A provider with a fixed id that builds nothing. */
    abstract static class Fixed implements VolumeDriverProvider {
        private final String id;
        private final int spiVersion;

        Fixed(String id, int spiVersion) {
            this.id = id;
            this.spiVersion = spiVersion;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int spiVersion() {
            return spiVersion;
        }

        @Override
        public String version() {
            return "0.0.1";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public List<OptionDescriptor> options() {
            return List.of();
        }

        @Override
        public VolumeDriver create(DriverContext context) {
            throw new IllegalStateException("this test provider builds no driver");
        }
    }

    /** Claims the built-in driver's id. */
    public static final class SecondLocalFs extends Fixed {
        public SecondLocalFs() {
            super("localfs", SPI_VERSION);
        }
    }

    /** Built against an SPI from the future. */
    public static final class FutureSpi extends Fixed {
        public FutureSpi() {
            super("future", SPI_VERSION + 1);
        }
    }

    /** Fails in its constructor. */
    public static final class Exploding extends Fixed {
        public Exploding() {
            super("exploding", SPI_VERSION);
            throw new IllegalStateException("boom in the constructor");
        }
    }

    /** Loads fine but fails to build its driver. */
    public static final class FailsToBuild extends Fixed {
        public FailsToBuild() {
            super("fails-to-build", SPI_VERSION);
        }
    }
}
