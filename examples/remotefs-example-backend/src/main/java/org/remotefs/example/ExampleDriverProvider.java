package org.remotefs.example;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.driver.RemoteFsDriverProvider;

import com.google.inject.Module;

/**
 * The example backend's provider, listed in
 * {@code META-INF/services/org.remotefs.api.spi.VolumeDriverProvider}. Everything but the share
 * protocol is core's: volumes, snapshots, clones, stats, locks.
 */
public final class ExampleDriverProvider extends RemoteFsDriverProvider {
    public static final String ID = "example";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public Set<Capability> capabilities() {
        // VHD: declaring a format is all it takes; core names, creates, extends and copies its files
        return EnumSet.of(Capability.THIN, Capability.THICK, Capability.QCOW2, Capability.VHD, Capability.SNAPSHOTS,
                Capability.CLONE, Capability.VOLUME_FROM_SNAPSHOT, Capability.EXTEND, Capability.REVERT);
    }

    @Override
    protected String prefix() {
        return ID;
    }

    @Override
    protected String defaultBackendName() {
        return "Example";
    }

    @Override
    protected List<OptionDescriptor> protocolOptions() {
        return List.of(OptionDescriptor.string("example_mount_point_base",
                "Where shares are linked in, each under the MD5 of its address."));
    }

    @Override
    protected Module protocolModule(BackendSettings settings) {
        return bindProtocol(new LinkedDirectoryProtocol(Path.of(settings.string("example_mount_point_base"))));
    }
}
