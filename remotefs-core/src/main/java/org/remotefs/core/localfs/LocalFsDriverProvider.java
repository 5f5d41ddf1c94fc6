package org.remotefs.core.localfs;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.layout.FileLayout;
import org.remotefs.core.layout.FileNaming;
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
    static final String FILE_NAMES = "localfs_volume_file_names";
    static final String DEFAULT_FORMAT = "localfs_default_volume_format";

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
                Capability.ONLINE_SNAPSHOTS, Capability.MIGRATION, Capability.POOLS, Capability.VHD,
                Capability.VHDX);
    }

    /**
     * {@code localfs_volume_file_names}: Cinder's NFS names or its SMB names, so that both layouts
     * run the TCK on every build; {@code localfs_default_volume_format}.
     */
    @Override
    protected FileLayout fileLayout(BackendSettings settings) {
        FileNaming naming = "extension".equals(settings.string(FILE_NAMES)) ? FileNaming.EVERY_FORMAT_BY_EXTENSION
                : FileNaming.PLAIN_RAW_AND_QCOW2;
        return new FileLayout(naming, Optional.of(DEFAULT_FORMAT));
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
                        + " an unmapped share's pool is its directory."),
                OptionDescriptor.choice(FILE_NAMES, "How volume files are named: plain (Cinder's NFS names,"
                        + " volume-<id>) or extension (Cinder's SMB names, volume-<id>.<format>).",
                        List.of("plain", "extension")),
                OptionDescriptor.choice(DEFAULT_FORMAT, "The format of a volume that asks for none (raw, qcow2, vhd,"
                        + " vhdx); empty: by localfs_qcow2_volumes.", List.of("", "raw", "qcow2", "vhd", "vhdx")));
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
