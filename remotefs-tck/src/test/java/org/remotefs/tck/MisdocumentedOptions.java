package org.remotefs.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;

/**
 * Backends whose declared options and {@code reference.conf} defaults disagree (this module's test
 * {@code reference.conf} holds their defaults), each otherwise working: localfs's protocol, thin
 * files. The option-defaults contract must catch them; no other contract does.
 */
final class MisdocumentedOptions {
    private MisdocumentedOptions() {
    }

    /** A provider declaring {@code <id>_mount_point_base} beside the core options. */
    static final class MountPointBaseProvider extends FewerLayouts.Provider {
        MountPointBaseProvider(String id) {
            super(id, EnumSet.of(Capability.THIN));
        }

        @Override
        protected List<OptionDescriptor> protocolOptions() {
            List<OptionDescriptor> options = new ArrayList<>(super.protocolOptions());
            options.add(OptionDescriptor.string(id() + "_mount_point_base", "Where shares are mounted."));
            return options;
        }
    }

    /** Opens {@code provider} on one share, thin, with the options given set as a binding would. */
    abstract static class Binding implements TckBinding {
        abstract FewerLayouts.Provider provider();

        BackendConfig options(BackendConfig config, Path scratch) {
            return config;
        }

        @Override
        public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
            Path share = Files.createDirectories(scratch.resolve("share"));
            String id = backendId();
            BackendConfig config = options(BackendConfig.of("tck").option("nas_share_path", share)
                    .option(id + "_sparsed_volumes", provisioning != Provisioning.THICK)
                    .option(id + "_qcow2_volumes", provisioning == Provisioning.QCOW2), scratch);
            return CoreTckBackends.open(provider(), config, List.of(share),
                    Map.of("mount_type", "none (local directories)"), services);
        }
    }

    /**
     * Declares {@code undocumented_mount_point_base}, which its reference.conf lacks: the binding
     * sets it, so the driver works in the TCK and fails every operator's backend that leaves it out.
     */
    public static final class DeclaredWithoutDefault extends Binding {
        @Override
        public String backendId() {
            return "undocumented";
        }

        @Override
        FewerLayouts.Provider provider() {
            return new MountPointBaseProvider(backendId());
        }

        @Override
        BackendConfig options(BackendConfig config, Path scratch) {
            return config.option(backendId() + "_mount_point_base", scratch.resolve("mnt"));
        }
    }

    /** Its reference.conf has {@code undeclared_mount_options}, an option the provider never declares. */
    public static final class DefaultWithoutDeclaration extends Binding {
        @Override
        public String backendId() {
            return "undeclared";
        }

        @Override
        FewerLayouts.Provider provider() {
            return new FewerLayouts.Provider(backendId(), EnumSet.of(Capability.THIN));
        }
    }

    /** Declares {@code nulldefault_mount_point_base} not nullable, and its reference.conf gives it null. */
    public static final class NullDefaultOfARequiredOption extends Binding {
        @Override
        public String backendId() {
            return "nulldefault";
        }

        @Override
        FewerLayouts.Provider provider() {
            return new MountPointBaseProvider(backendId());
        }

        @Override
        BackendConfig options(BackendConfig config, Path scratch) {
            return config.option(backendId() + "_mount_point_base", scratch.resolve("mnt"));
        }
    }
}
