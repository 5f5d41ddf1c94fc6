package org.remotefs.smb;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.Setting;
import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.layout.FileLayout;
import org.remotefs.core.layout.FileNaming;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.mount.RealPath;
import org.remotefs.core.share.CapacityLimits;
import org.remotefs.core.share.PoolLayout;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.ShareProtocol;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The {@code smbfs} driver: Cinder's Linux SMB driver ({@code SmbfsDriver} 1.1.0, removed in Pike)
 * on core's engine, with the pools and file names of its Windows driver. Options under Cinder's
 * names ({@code smbfs_shares_config}, {@code smbfs_mount_point_base}, {@code smbfs_mount_options},
 * {@code smbfs_default_volume_format}, {@code smbfs_sparsed_volumes}, {@code smbfs_used_ratio},
 * {@code smbfs_oversub_ratio}, {@code smbfs_pool_mappings}, ...), defaults in this module's
 * {@code reference.conf}.
 */
public final class SmbDriverProvider extends RemoteFsDriverProvider {
    public static final String ID = "smbfs";
    static final String MOUNT_POINT_BASE = "smbfs_mount_point_base";
    static final String MOUNT_OPTIONS = "smbfs_mount_options";
    static final String DEFAULT_FORMAT = "smbfs_default_volume_format";
    static final String USED_RATIO = "smbfs_used_ratio";
    static final String OVERSUB_RATIO = "smbfs_oversub_ratio";
    static final String POOL_MAPPINGS = "smbfs_pool_mappings";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "1.1.0";
    }

    /**
     * What the Linux driver did (no online snapshots: it refused them), the Windows driver's pools,
     * revert and managed volumes, and core's migration rename.
     */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.THIN, Capability.THICK, Capability.QCOW2, Capability.VHD, Capability.VHDX,
                Capability.SNAPSHOTS, Capability.CLONE, Capability.VOLUME_FROM_SNAPSHOT, Capability.EXTEND,
                Capability.REVERT, Capability.IMAGE_COPY, Capability.POOLS, Capability.MIGRATION,
                Capability.MANAGE_EXISTING);
    }

    @Override
    protected String prefix() {
        return ID;
    }

    @Override
    protected String defaultBackendName() {
        return "Generic_SMBFS";
    }

    /**
     * The Linux driver's names: {@code volume-<id>} for raw and qcow2, {@code volume-<id>.vhd} and
     * {@code .vhdx}; the default format from {@code smbfs_default_volume_format}.
     */
    @Override
    protected FileLayout fileLayout(BackendSettings settings) {
        return new FileLayout(FileNaming.PLAIN_RAW_AND_QCOW2, Optional.of(DEFAULT_FORMAT));
    }

    /** One pool per share (the Windows driver's), named by {@code smbfs_pool_mappings} or the share's name. */
    @Override
    protected PoolLayout poolLayout(BackendSettings settings) {
        return new PoolLayout(true, PoolLayout.parseMappings(settings.string(POOL_MAPPINGS), POOL_MAPPINGS),
                POOL_MAPPINGS);
    }

    @Override
    protected List<OptionDescriptor> protocolOptions() {
        return List.of(
                OptionDescriptor.string(MOUNT_POINT_BASE,
                        "Where shares are mounted, each under the MD5 of its address; an absolute path."),
                OptionDescriptor.nullableString(MOUNT_OPTIONS, "Options for mount -t cifs -o, before the share's own."),
                OptionDescriptor.choice(DEFAULT_FORMAT, "The format of a volume that asks for none.",
                        List.of("raw", "qcow2", "vhd", "vhdx")),
                OptionDescriptor.decimal(USED_RATIO,
                        "The largest used fraction of a share that still takes new volumes (above 0, at most 1).",
                        null, 1.0),
                OptionDescriptor.decimal(OVERSUB_RATIO,
                        "How far allocated volumes may over-subscribe a share's size (above 0); reported as"
                                + " max_over_subscription_ratio.", null, null),
                OptionDescriptor.string(POOL_MAPPINGS,
                        "Pool names of shares, //host/share:pool,...; an unmapped share's pool is its name."));
    }

    @Override
    protected Module protocolModule(BackendSettings settings) {
        return new AbstractModule() {
            @Provides
            @Singleton
            ProcMounts procMounts() {
                return ProcMounts.system();
            }

            @Provides
            @Singleton
            ShareProtocol protocol(CommandRunner runner, ProcMounts mounts, Sleeper sleeper,
                                   org.remotefs.core.config.CoreOptions core) {
                Path base = Path.of(settings.string(MOUNT_POINT_BASE));
                if (!base.isAbsolute()) {
                    // the Linux driver's check ("Invalid mount point base")
                    throw invalid(settings, MOUNT_POINT_BASE, "it must be an absolute path");
                }
                SmbMounter mounter = new SmbMounter(new MountRunner(runner, mounts, sleeper,
                        new org.remotefs.core.mount.StaleMountCheck(), core.shareIoTimeout()),
                        settings.string(MOUNT_OPTIONS), Path.of(System.getProperty("java.io.tmpdir")));
                // the kernel lists mount points resolved: the base is resolved as realpath does
                return new SmbProtocol(RealPath.of(base), mounts, mounter);
            }
        };
    }

    /** Eligibility by {@code smbfs_used_ratio} and {@code smbfs_oversub_ratio}, the Linux driver's rules. */
    @Override
    protected Module overrides() {
        return new AbstractModule() {
            @Provides
            @Singleton
            CapacityLimits capacityLimits(BackendSettings settings) {
                double used = settings.decimal(USED_RATIO);
                double oversub = settings.decimal(OVERSUB_RATIO);
                if (!(used > 0)) {
                    throw invalid(settings, USED_RATIO, "it must be above 0 (and at most 1)");
                }
                if (!(oversub > 0)) {
                    throw invalid(settings, OVERSUB_RATIO, "it must be above 0");
                }
                return new CapacityLimits(used, oversub, USED_RATIO, OVERSUB_RATIO);
            }
        };
    }

    private static RemoteFsException invalid(BackendSettings settings, String key, String why) {
        Setting setting = settings.setting(key);
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                "backend '" + settings.backendName() + "': option " + key + " = '" + setting.display() + "' ("
                        + setting.origin() + ") is invalid: " + why,
                Map.of("backend", settings.backendName(), "option", key, "value", setting.display(),
                        "origin", setting.origin()));
    }
}
