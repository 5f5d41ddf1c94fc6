package ${package};

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
 * The ${backendId} backend's provider, listed in
 * {@code META-INF/services/org.remotefs.api.spi.VolumeDriverProvider}. Everything but the share
 * protocol is core's: volumes, snapshots, clones, stats, locks. It needs no constructor of its
 * own: {@code ServiceLoader} makes it, and the TCK replaces core parts it records through
 * {@code withReplacements}. To replace a core part yourself, override {@code overrides()}.
 */
public final class ${classPrefix}DriverProvider extends RemoteFsDriverProvider {
    /** The driver id ({@code driver = ${backendId}}) and the prefix of its options. */
    public static final String ID = "${backendId}";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "${version}";
    }

    @Override
    public Set<Capability> capabilities() {
        // what core does for any share protocol; remove what your storage cannot keep
        return EnumSet.of(Capability.THIN, Capability.THICK, Capability.QCOW2, Capability.SNAPSHOTS,
                Capability.CLONE, Capability.VOLUME_FROM_SNAPSHOT, Capability.EXTEND, Capability.REVERT);
    }

    @Override
    protected String prefix() {
        return ID;
    }

    @Override
    protected String defaultBackendName() {
        return "${classPrefix}";
    }

    /** Your own options; each has its default in reference.conf (the TCK compares the two). */
    @Override
    protected List<OptionDescriptor> protocolOptions() {
        return List.of(OptionDescriptor.string(ID + "_mount_point_base",
                "Where shares are linked in, each under the MD5 of its address."));
    }

    @Override
    protected Module protocolModule(BackendSettings settings) {
        return bindProtocol(new LinkedDirectoryProtocol(Path.of(settings.string(ID + "_mount_point_base")), ID));
    }
}
