package org.remotefs.core.localfs;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.share.PoolLayout;

import com.google.inject.Module;

/**
 * The built-in {@code localfs} driver: Cinder's remotefs behaviour on local directories. It is the
 * embedded default of the command line and the TCK's self-test backend. Options, with defaults in
 * {@code reference.conf}: {@code localfs_shares_config}, {@code localfs_sparsed_volumes},
 * {@code localfs_qcow2_volumes}, and the core ones.
 */
public final class LocalFsDriverProvider extends RemoteFsDriverProvider {
    public static final String ID = "localfs";
    static final String REPORT_POOLS = "localfs_report_pools";
    static final String POOL_MAPPINGS = "localfs_pool_mappings";

    private final Module overrides;

    /** The provider {@link java.util.ServiceLoader} makes. */
    public LocalFsDriverProvider() {
        this(com.google.inject.util.Modules.EMPTY_MODULE);
    }

    /** A provider whose drivers take replacements for core parts (benchmarks, tests, tools). */
    public LocalFsDriverProvider(Module overrides) {
        this.overrides = overrides;
    }

    @Override
    protected Module overrides() {
        return overrides;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.THIN, Capability.THICK, Capability.QCOW2, Capability.SNAPSHOTS, Capability.CLONE,
                Capability.VOLUME_FROM_SNAPSHOT, Capability.EXTEND, Capability.REVERT, Capability.IMAGE_COPY,
                Capability.ONLINE_SNAPSHOTS, Capability.MIGRATION, Capability.POOLS);
    }

    /** {@code localfs_report_pools}: one pool per share directory, named by it or by {@code localfs_pool_mappings}. */
    @Override
    protected PoolLayout poolLayout(BackendSettings settings) {
        return new PoolLayout(settings.bool(REPORT_POOLS),
                PoolLayout.parseMappings(settings.string(POOL_MAPPINGS), POOL_MAPPINGS), POOL_MAPPINGS);
    }

    @Override
    protected List<OptionDescriptor> protocolOptions() {
        return List.of(
                OptionDescriptor.bool(REPORT_POOLS, "Report one pool per share in the stats (Cinder's pool mixin);"
                        + " a volume whose host names a pool is placed on that pool's share."),
                OptionDescriptor.string(POOL_MAPPINGS, "Pool names of shares, <share directory>:<pool>,...;"
                        + " an unmapped share's pool is its directory."));
    }

    @Override
    protected String prefix() {
        return ID;
    }

    @Override
    protected String defaultBackendName() {
        return "Generic_Local";
    }

    @Override
    protected Module protocolModule(BackendSettings settings) {
        return bindProtocol(new LocalFsProtocol());
    }
}
