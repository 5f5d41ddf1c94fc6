package org.remotefs.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.localfs.LocalFsProtocol;

import com.google.inject.Module;

/**
 * Correct core-based backends on local directories that declare fewer layouts than localfs: the
 * TCK must report the undeclared ones as refused, never as skipped. Their defaults are in this
 * module's test {@code reference.conf}, as a backend's jar would ship them.
 */
final class FewerLayouts {
    private FewerLayouts() {
    }

    /** localfs's protocol under its own id and prefix, declaring the given capabilities. */
    static class Provider extends RemoteFsDriverProvider {
        private final String id;
        private final Set<Capability> declared;

        Provider(String id, Set<Capability> declared) {
            this.id = id;
            this.declared = Set.copyOf(declared);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String version() {
            return "0.1";
        }

        @Override
        public Set<Capability> capabilities() {
            return declared;
        }

        @Override
        protected String prefix() {
            return id;
        }

        @Override
        protected String defaultBackendName() {
            return id;
        }

        @Override
        protected Module protocolModule(BackendSettings settings) {
            return bindProtocol(new LocalFsProtocol());
        }
    }

    /** The thin-only provider as {@link java.util.ServiceLoader} makes it, for a configured backend. */
    public static final class ThinOnlyProvider extends Provider {
        public ThinOnlyProvider() {
            super("thinonly", EnumSet.of(Capability.THIN));
        }
    }

    /** A binding that names both layout options for every provisioning, whatever the defaults. */
    abstract static class Binding implements TckBinding {
        abstract Set<Capability> declared();

        @Override
        public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
            Path share = Files.createDirectories(scratch.resolve("share"));
            String id = backendId();
            BackendConfig options = BackendConfig.of("tck").option("nas_share_path", share)
                    .option(id + "_sparsed_volumes", provisioning != Provisioning.THICK)
                    .option(id + "_qcow2_volumes", provisioning == Provisioning.QCOW2);
            return CoreTckBackends.open(new Provider(id, declared()), options, List.of(share),
                    Map.of("mount_type", "none (local directories)"), services);
        }
    }

    /** Thin volume files only. */
    public static final class ThinOnly extends Binding {
        @Override
        public String backendId() {
            return "thinonly";
        }

        @Override
        Set<Capability> declared() {
            return EnumSet.of(Capability.THIN);
        }
    }

    /** qcow2 volume files only: the TCK's own backend of each test is then a qcow2 one. */
    public static final class Qcow2Only extends Binding {
        @Override
        public String backendId() {
            return "qcow2only";
        }

        @Override
        Set<Capability> declared() {
            return EnumSet.of(Capability.QCOW2);
        }
    }
}
