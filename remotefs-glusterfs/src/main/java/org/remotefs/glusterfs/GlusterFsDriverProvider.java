package org.remotefs.glusterfs;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.capacity.CapacityProbe;
import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.config.LayoutOptions;
import org.remotefs.core.driver.OperationGate;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.mount.MountRootPermissions;
import org.remotefs.core.mount.MountRootWriteCheck;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.mount.Unmounter;
import org.remotefs.core.share.MostAvailableShareSelector;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.ShareProtocol;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.volume.ThickAllocation;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The {@code glusterfs} driver: Cinder's {@code GlusterfsDriver} (version 1.3.0, the last before
 * its removal in Ocata) on core's engine. Options under Cinder's names
 * ({@code glusterfs_shares_config}, {@code glusterfs_mount_point_base}, {@code nas_volume_prov_type},
 * the {@code nas_*} options, ...), with defaults in this module's {@code reference.conf}.
 *
 * <p>What is GlusterFS's here, beside the protocol ({@link GlusterProtocol}): volume files chosen by
 * {@code nas_volume_prov_type} (thin: qcow2, thick: {@code fallocate} with a zeros fall-back), the
 * share with the most available space ({@link MostAvailableShareSelector}), and
 * {@code mount.glusterfs} checked at setup ({@link GlusterGate}).
 */
public final class GlusterFsDriverProvider extends RemoteFsDriverProvider {
    public static final String ID = "glusterfs";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return "1.3.0";
    }

    /**
     * No {@link Capability#THIN}: that is sparse raw files, which {@code nas_volume_prov_type}
     * cannot ask for; thin provisioning here is qcow2 ({@link Capability#QCOW2}), as in Cinder.
     */
    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.THICK, Capability.QCOW2, Capability.SNAPSHOTS, Capability.ONLINE_SNAPSHOTS,
                Capability.CLONE, Capability.VOLUME_FROM_SNAPSHOT, Capability.EXTEND, Capability.REVERT,
                Capability.IMAGE_COPY, Capability.MIGRATION);
    }

    @Override
    protected String prefix() {
        return ID;
    }

    @Override
    protected String defaultBackendName() {
        return "GlusterFS";
    }

    @Override
    protected LayoutOptions layoutOptions() {
        return LayoutOptions.NAS_VOLUME_PROV_TYPE;
    }

    @Override
    protected List<OptionDescriptor> protocolOptions() {
        return List.of(OptionDescriptor.string("glusterfs_mount_point_base",
                "Where shares are mounted, each under the MD5 of its address; used as written."));
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
                                   org.remotefs.core.config.CoreOptions core,
                                   org.remotefs.core.share.ShareCalls calls) {
                return new GlusterProtocol(Path.of(settings.string("glusterfs_mount_point_base")), mounts,
                        new GlusterMounter(new MountRunner(runner, mounts, sleeper,
                                new org.remotefs.core.mount.StaleMountCheck(), core.shareIoTimeout())), new Unmounter(runner, mounts),
                        MountRootPermissions.forThisProcess(runner), new MountRootWriteCheck(calls));
            }
        };
    }

    @Override
    protected Module overrides() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(ThickAllocation.class).toInstance(ThickAllocation.FALLOCATE);
            }

            @Provides
            @Singleton
            OperationGate gate(CommandRunner runner) {
                return new GlusterGate(runner);
            }

            @Provides
            @Singleton
            ShareSelector shareSelector(CapacityProbe probe) {
                return new MostAvailableShareSelector(probe);
            }
        };
    }
}
