package org.remotefs.core.driver;

import org.remotefs.core.ForBackends;

import java.util.ArrayList;
import java.util.List;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.layout.FileLayout;
import org.remotefs.core.layout.FileNaming;
import org.remotefs.core.share.PoolLayout;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import com.google.inject.util.Modules;
import org.remotefs.core.config.CoreOptions;
import org.remotefs.core.config.LayoutOptions;

/**
 * The base of every provider whose driver is core's {@link RemoteFsVolumeDriver}: it declares the
 * core options under the driver's prefix and builds the driver with Guice from {@link CoreModule},
 * the protocol's module, and the provider's {@link #overrides()}.
 *
 * <p>A backend's provider is a plain class with a public no-argument constructor, as
 * {@link java.util.ServiceLoader} makes it. Tests, the TCK and tools that need a core part
 * replaced (a command runner that records or fails, a mount table) ask the provider for a copy
 * that builds its drivers with it ({@link #withReplacements}): the backend needs no constructor
 * for that.
 */
@ForBackends
public abstract class RemoteFsDriverProvider implements VolumeDriverProvider {

    /** Cinder's {@code driver_prefix}: the option prefix and the lock-name part. */
    protected abstract String prefix();

    /** The {@code volume_backend_name} reported when none is configured. */
    protected abstract String defaultBackendName();

    /** Binds the backend's {@link org.remotefs.core.share.ShareProtocol}. */
    protected abstract Module protocolModule(BackendSettings settings);

    /** A module binding a protocol that needs nothing injected. */
    protected static Module bindProtocol(org.remotefs.core.share.ShareProtocol protocol) {
        return binder -> binder.bind(org.remotefs.core.share.ShareProtocol.class).toInstance(protocol);
    }

    /**
     * Whether the backend reports one pool per share, and the pool names its configuration maps
     * (Cinder's {@code RemoteFSPoolMixin}). Flat stats by default, as Cinder's NFS driver reports.
     */
    protected PoolLayout poolLayout(BackendSettings settings) {
        return PoolLayout.none();
    }

    /**
     * How the backend names its volume files and which of its options names its default volume
     * format. Cinder's NFS layout by default: {@code volume-<id>} for raw and qcow2 (which of them
     * by {@code <prefix>_qcow2_volumes}), {@code volume-<id>.vhd|.vhdx} for the formats a name must
     * tell apart; SMB names every file by its format ({@link FileNaming#EVERY_FORMAT_BY_EXTENSION}).
     * The formats offered are the ones the driver's capabilities declare ({@code VHD}, {@code VHDX},
     * {@code QCOW2}, {@code THIN}/{@code THICK} for raw).
     */
    protected FileLayout fileLayout(BackendSettings settings) {
        return FileLayout.plain();
    }

    /**
     * Which options choose the layout of new volume files: {@code <prefix>_sparsed_volumes} and
     * {@code <prefix>_qcow2_volumes} by default, as Cinder's NFS driver; or
     * {@code nas_volume_prov_type}, as Cinder's GlusterFS driver. Only the chosen set is declared.
     */
    protected LayoutOptions layoutOptions() {
        return LayoutOptions.SPARSED_AND_QCOW2;
    }

    /** The options the protocol reads beyond the core ones. */
    protected List<OptionDescriptor> protocolOptions() {
        return List.of();
    }

    /**
     * Replacements for any part the core or protocol module binds (a vendor's own
     * {@code ShareSelector}, {@code VolumeLocks}, {@code CommandRunner}, ...). None by default.
     */
    protected Module overrides() {
        return Modules.EMPTY_MODULE;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public final List<OptionDescriptor> options() {
        List<OptionDescriptor> all = new ArrayList<>(CoreOptions.descriptors(prefix(), layoutOptions()));
        all.addAll(protocolOptions());
        return List.copyOf(all);
    }

    @Override
    public final VolumeDriver create(DriverContext context) {
        return build(context, Modules.EMPTY_MODULE);
    }

    /**
     * This provider, its drivers built with {@code replacements} bound over every part core, the
     * protocol module and the provider's own {@link #overrides()} bind. Its id, version,
     * capabilities and options are this provider's. For tests, the TCK and tools (a recording
     * command runner, a mount table of a stand-in); the runtime never calls it.
     */
    public final VolumeDriverProvider withReplacements(Module replacements) {
        return new Replaced(this, java.util.Objects.requireNonNull(replacements, "replacements is null"));
    }

    private VolumeDriver build(DriverContext context, Module replacements) {
        DriverIdentity identity = new DriverIdentity(id(), version(), prefix(), capabilities(), defaultBackendName());
        Module base = Modules.combine(new CoreModule(context, identity, poolLayout(context.settings()),
                fileLayout(context.settings())), protocolModule(context.settings()));
        // overriding records every binding of the base once more to replace some; with nothing to
        // replace (the built-in backends' default) that is start-up time of every command for nothing
        Module wiring = overriding(overriding(base, overrides()), replacements);
        try {
            return Guice.createInjector(wiring).getInstance(VolumeDriver.class);
        } catch (CreationException e) {
            throw unwrap(e.getErrorMessages(), e);
        } catch (ProvisionException e) {
            throw unwrap(e.getErrorMessages(), e);
        }
    }

    /** A {@link RemoteFsException} thrown while wiring reaches the caller as it was thrown. */
    private RemoteFsException unwrap(java.util.Collection<Message> messages, RuntimeException wrapper) {
        for (Message message : messages) {
            Throwable cause = message.getCause();
            while (cause != null) {
                if (cause instanceof RemoteFsException remote) {
                    return remote;
                }
                cause = cause.getCause();
            }
        }
        return new RemoteFsException(ErrorCode.DRIVER_LOAD_FAILED,
                "driver '" + id() + "' could not be built: " + wrapper.getMessage(), java.util.Map.of("driver", id()),
                wrapper);
    }

    private static Module overriding(Module base, Module replacements) {
        return replacements == Modules.EMPTY_MODULE ? base : Modules.override(base).with(replacements);
    }

    /** A provider with replacements: every answer its base's, its drivers built with the replacements on top. */
    private static final class Replaced implements VolumeDriverProvider {
        private final RemoteFsDriverProvider base;
        private final Module replacements;

        Replaced(RemoteFsDriverProvider base, Module replacements) {
            this.base = base;
            this.replacements = replacements;
        }

        @Override
        public String id() {
            return base.id();
        }

        @Override
        public int spiVersion() {
            return base.spiVersion();
        }

        @Override
        public String version() {
            return base.version();
        }

        @Override
        public java.util.Set<org.remotefs.api.spi.Capability> capabilities() {
            return base.capabilities();
        }

        @Override
        public List<OptionDescriptor> options() {
            return base.options();
        }

        @Override
        public VolumeDriver create(DriverContext context) {
            return base.build(context, replacements);
        }
    }
}
