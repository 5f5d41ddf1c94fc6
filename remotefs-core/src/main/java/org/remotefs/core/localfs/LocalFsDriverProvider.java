package org.remotefs.core.localfs;

import java.util.EnumSet;
import java.util.Set;

import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.core.driver.RemoteFsDriverProvider;

import com.google.inject.Module;

/**
 * The built-in {@code localfs} driver: Cinder's remotefs behaviour on local directories. It is the
 * embedded default of the command line and the TCK's self-test backend. Options, with defaults in
 * {@code reference.conf}: {@code localfs_shares_config}, {@code localfs_sparsed_volumes},
 * {@code localfs_qcow2_volumes}, and the core ones.
 */
public final class LocalFsDriverProvider extends RemoteFsDriverProvider {
    public static final String ID = "localfs";

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
                Capability.ONLINE_SNAPSHOTS, Capability.MIGRATION);
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
