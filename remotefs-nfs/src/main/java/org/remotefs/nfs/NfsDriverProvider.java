package org.remotefs.nfs;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.driver.OperationGate;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.mount.RealPath;
import org.remotefs.core.mount.Unmounter;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.ShareProtocol;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The {@code nfs} driver: Cinder's {@code NfsDriver} (version 1.4.0) on core's engine. Options
 * under Cinder's names ({@code nfs_shares_config}, {@code nfs_mount_point_base},
 * {@code nfs_mount_options}, {@code nfs_mount_attempts}, {@code nfs_snapshot_support}, ...), with
 * defaults in this module's {@code reference.conf}.
 */
public final class NfsDriverProvider extends RemoteFsDriverProvider {
    public static final String ID = "nfs";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "1.4.0";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.THIN, Capability.THICK, Capability.QCOW2, Capability.SNAPSHOTS,
                Capability.ONLINE_SNAPSHOTS, Capability.CLONE, Capability.VOLUME_FROM_SNAPSHOT, Capability.EXTEND,
                Capability.REVERT, Capability.IMAGE_COPY, Capability.MIGRATION);
    }

    @Override
    protected String prefix() {
        return ID;
    }

    @Override
    protected String defaultBackendName() {
        return "Generic_NFS";
    }

    @Override
    protected List<OptionDescriptor> protocolOptions() {
        return List.of(
                OptionDescriptor.string("nfs_mount_point_base", "Where shares are mounted, each under the MD5 of its address."),
                OptionDescriptor.nullableString("nfs_mount_options", "Options for mount -o (nas_mount_options wins when set)."),
                OptionDescriptor.integer("nfs_mount_attempts", "How many times the whole mount sequence is tried.", null, null),
                OptionDescriptor.bool("nfs_snapshot_support", "Allow snapshots (needs nas_secure_file_operations = false)."));
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
                String options = settings.string("nas_mount_options") != null ? settings.string("nas_mount_options")
                        : settings.string("nfs_mount_options");
                NfsMounter mounter = new NfsMounter(new MountRunner(runner, mounts, sleeper,
                        new org.remotefs.core.mount.StaleMountCheck(), core.shareIoTimeout()), options,
                        settings.integer("nfs_mount_attempts"));
                // Cinder resolves the base with Python's os.path.realpath; the kernel lists mount points resolved
                return new NfsProtocol(RealPath.of(Path.of(settings.string("nfs_mount_point_base"))), mounts, mounter,
                        new Unmounter(runner, mounts));
            }
        };
    }

    @Override
    protected Module overrides() {
        return new AbstractModule() {
            @Provides
            @Singleton
            OperationGate gate(CommandRunner runner, BackendSettings settings) {
                return new NfsGate(runner, settings.bool("nfs_snapshot_support"));
            }
        };
    }
}
