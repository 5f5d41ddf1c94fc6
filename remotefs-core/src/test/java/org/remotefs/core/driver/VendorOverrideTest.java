package org.remotefs.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.localfs.LocalFsProtocol;
import org.remotefs.core.share.MountedShare;
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
            return bindProtocol(new LocalFsProtocol());
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

    /** Always picks the first share: what a test's replacement puts over the vendor's selector. */
    static final class FirstShareSelector implements ShareSelector {
        @Override
        public MountedShare select(Volume volume, List<MountedShare> mounted) {
            return mounted.get(0);
        }
    }

    @Test
    void theVendorsSelectorReplacesCores() throws Exception {
        VendorProvider provider = new VendorProvider();
        VolumeDriver driver = provider.create(DriverContext.of(settings(provider)));
        ModelUpdate update = driver.createVolume(Volume.create(UUID.randomUUID().toString(), 1));

        assertThat(update.providerLocation()).isEqualTo(dir.resolve("busy").toString());
        assertThat(driver.getVolumeStats(true).volumeBackendName()).isEqualTo("Vendor");
    }

    /** The hook the TCK and tests use: no constructor of the vendor's takes a Guice module. */
    @Test
    void replacementsGoOverTheVendorsOwnAndTheProviderAnswersAsItself() throws Exception {
        VendorProvider vendor = new VendorProvider();
        VolumeDriverProvider replaced = vendor.withReplacements(
                binder -> binder.bind(ShareSelector.class).to(FirstShareSelector.class));

        VolumeDriver driver = replaced.create(DriverContext.of(settings(vendor)));
        ModelUpdate update = driver.createVolume(Volume.create(UUID.randomUUID().toString(), 1));

        assertThat(update.providerLocation()).isEqualTo(dir.resolve("empty").toString());
        assertThat(replaced.id()).isEqualTo("vendor");
        assertThat(replaced.version()).isEqualTo("9.9");
        assertThat(replaced.spiVersion()).isEqualTo(vendor.spiVersion());
        assertThat(replaced.capabilities()).isEqualTo(vendor.capabilities());
        assertThat(replaced.options()).isEqualTo(vendor.options());
        // the vendor's own provider is left as it was
        VolumeDriver plain = vendor.create(DriverContext.of(settings(vendor)));
        assertThat(plain.createVolume(Volume.create(UUID.randomUUID().toString(), 1)).providerLocation())
                .isEqualTo(dir.resolve("busy").toString());
    }

    /** Two shares, {@code empty} and {@code busy} (1 MiB used), in a shares file. */
    private BackendSettings settings(VendorProvider provider) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path busy = Files.createDirectories(dir.resolve("busy"));
        if (!Files.exists(busy.resolve("data"))) {
            Files.write(busy.resolve("data"), new byte[1 << 20]);
        }
        Path shares = Files.writeString(dir.resolve("shares"), empty + "\n" + busy + "\n");
        // What the vendor's reference.conf would hold, and an operator's backend.
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse("""
                remotefs.defaults.vendor = ${remotefs.core-defaults} {
                  vendor_shares_config = "", vendor_sparsed_volumes = true, vendor_qcow2_volumes = false
                }
                remotefs.backends.b { driver = vendor, vendor_shares_config = "%s" }
                """.formatted(shares), "test", getClass().getClassLoader());
        return new SettingsReader().read("b", configuration.settingsBlock("b", "vendor"), provider.options());
    }
}
