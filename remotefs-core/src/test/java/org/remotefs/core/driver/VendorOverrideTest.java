package org.remotefs.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.Setting;
import org.remotefs.core.localfs.LocalFsProtocol;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.ShareProtocol;
import org.remotefs.core.share.ShareSelector;

import com.google.inject.AbstractModule;
import com.google.inject.Module;

/** A vendor's provider replaces one part of the core wiring with a Guice module of its own. */
final class VendorOverrideTest {
    @TempDir
    Path dir;

    /** Always picks the last share, where core's selector would pick the emptiest. */
    static final class LastShareSelector implements ShareSelector {
        @Override
        public MountedShare select(Volume volume, List<MountedShare> mounted) {
            return mounted.get(mounted.size() - 1);
        }
    }

    static final class VendorProvider extends RemoteFsDriverProvider {
        @Override
        public String id() {
            return "vendor";
        }

        @Override
        public String version() {
            return "9.9";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.THIN);
        }

        @Override
        protected String prefix() {
            return "vendor";
        }

        @Override
        protected String defaultBackendName() {
            return "Vendor";
        }

        @Override
        protected Module protocolModule(BackendSettings settings) {
            return new AbstractModule() {
                @Override
                protected void configure() {
                    bind(ShareProtocol.class).toInstance(new LocalFsProtocol());
                }
            };
        }

        @Override
        protected Module overrides() {
            return new AbstractModule() {
                @Override
                protected void configure() {
                    bind(ShareSelector.class).to(LastShareSelector.class);
                }
            };
        }
    }

    @Test
    void theVendorsSelectorReplacesCores() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.write(busy.resolve("data"), new byte[1 << 20]);
        Path shares = Files.writeString(dir.resolve("shares"), empty + "\n" + busy + "\n");
        VendorProvider provider = new VendorProvider();
        java.util.Map<String, Setting> values = new java.util.HashMap<>();
        Map<String, Object> given = new java.util.HashMap<>(Map.of(
                "vendor_shares_config", shares.toString(), "vendor_sparsed_volumes", true,
                "vendor_qcow2_volumes", false, "nas_host", "", "nas_share_path", "",
                "nas_secure_file_operations", "false", "nas_secure_file_permissions", "false",
                "reserved_percentage", 0, "max_over_subscription_ratio", 20.0));
        given.putAll(Map.of("volume_backend_name", "", "root_helper", "", "command_timeout_seconds", 60,
                "provisioned_capacity_cache_seconds", 0, "nas_login", "admin", "nas_password", "",
                "nas_ssh_port", 22, "nas_private_key", ""));
        given.put("nas_mount_options", null);
        provider.options().forEach(o -> values.put(o.key(), new Setting(o.key(), given.get(o.key()), "test", o.secret())));

        VolumeDriver driver = provider.create(new DriverContext(new BackendSettings("b", values)));
        ModelUpdate update = driver.createVolume(Volume.create(UUID.randomUUID().toString(), 1));

        assertThat(update.providerLocation()).isEqualTo(busy.toString());
        assertThat(driver.getVolumeStats(true).volumeBackendName()).isEqualTo("Vendor");
    }
}
