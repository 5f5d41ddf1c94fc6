package com.example.vendor;

import java.util.List;
import java.util.Set;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.VolumeDriverProvider;

/**
 * A vendor's provider outside org.remotefs, registered only where a test names it in a service file
 * of its own (CliLogTest): the command's log must reach its package too.
 */
public final class VendorProvider implements VolumeDriverProvider {
    @Override
    public String id() {
        return "vendor";
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String version() {
        return "1.0";
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
        throw new RemoteFsException(org.remotefs.api.ErrorCode.UNSUPPORTED, "the test provider builds no driver",
                java.util.Map.of("driver", id()));
    }
}
