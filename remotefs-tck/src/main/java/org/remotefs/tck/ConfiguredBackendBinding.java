package org.remotefs.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.registry.DriverRegistry;

/**
 * The binding of a backend configured in a remotefs configuration file (what {@code remotefs tck
 * --config FILE --backend NAME} runs): its driver on its own shares, where the tests create and
 * delete volumes of their own. Parameters: {@code remotefs.tck.config} (the file) and
 * {@code remotefs.tck.backend} (the name; optional with one backend).
 */
public final class ConfiguredBackendBinding implements TckBinding {
    public static final String CONFIG = "remotefs.tck.config";
    public static final String BACKEND = "remotefs.tck.backend";

    private final RemoteFsConfiguration configuration;
    private final String backendName;

    public ConfiguredBackendBinding() {
        this(null, null);
    }

    private ConfiguredBackendBinding(RemoteFsConfiguration configuration, String backendName) {
        this.configuration = configuration;
        this.backendName = backendName;
    }

    @Override
    public TckBinding configured(Function<String, Optional<String>> parameters) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Path file = Path.of(parameters.apply(CONFIG).orElseThrow(() -> new IllegalStateException(
                "the configured-backend binding needs the parameter " + CONFIG)));
        RemoteFsConfiguration loaded = RemoteFsConfiguration.load(file, loader);
        return new ConfiguredBackendBinding(loaded, loaded.chooseBackend(parameters.apply(BACKEND).orElse(null)));
    }

    @Override
    public String backendId() {
        return configuration == null ? "configured" : configuration.driverId(backendName);
    }

    /**
     * By the configured backend's {@code <prefix>_volume_file_names} option, where its driver has
     * one (localfs): {@code extension} names every file by its format. Without one, Cinder's NFS
     * names.
     */
    @Override
    public boolean namesFilesByFormat() {
        if (configuration == null) {
            return false;
        }
        var block = configuration.settingsBlock(backendName, configuration.driverId(backendName));
        return block.root().keySet().stream().filter(key -> key.endsWith("_volume_file_names"))
                .anyMatch(key -> "extension".equals(block.root().get(key).unwrapped()));
    }

    /**
     * Core-based drivers lay files out by {@code <prefix>_sparsed_volumes} and
     * {@code <prefix>_qcow2_volumes}, or by {@code nas_volume_prov_type} (GlusterFS: {@code thin} is
     * qcow2 files, {@code thick} fully allocated raw ones; no value asks for sparse raw files, so a
     * backend asked for them is refused here, before anything is made).
     */
    private static Map<String, Object> provisioningOptions(VolumeDriverProvider provider, Provisioning provisioning) {
        Map<String, Object> options = new java.util.HashMap<>();
        for (var option : provider.options()) {
            if (option.key().equals("nas_volume_prov_type")) {
                if (provisioning == Provisioning.THIN) {
                    throw new org.remotefs.api.RemoteFsException(org.remotefs.api.ErrorCode.UNSUPPORTED,
                            "driver '" + provider.id() + "' chooses its layout with nas_volume_prov_type, which has no"
                                    + " value for sparse raw volume files (thin is qcow2)",
                            Map.of("option", option.key(), "driver", provider.id(), "capability", "THIN"));
                }
                options.put(option.key(), provisioning == Provisioning.THICK ? "thick" : "thin");
            } else if (option.key().endsWith("_sparsed_volumes")) {
                options.put(option.key(), provisioning != Provisioning.THICK);
            } else if (option.key().endsWith("_qcow2_volumes")) {
                options.put(option.key(), provisioning == Provisioning.QCOW2);
            }
        }
        return options;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) {
        DriverRegistry registry = DriverRegistry.discover(Thread.currentThread().getContextClassLoader());
        VolumeDriverProvider provider = registry.provider(configuration.driverId(backendName));
        VolumeDriver driver;
        try {
            driver = registry.create(configuration.withBackendOptions(backendName,
                    provisioningOptions(provider, provisioning)), backendName, services::applyTo);
            driver.doSetup();
        } catch (RuntimeException e) {
            // a refused setup (an undeclared layout) hands no backend back to close the registry with
            registry.close();
            throw e;
        }
        List<Path> shares = driver.shares().stream().filter(ShareState::mounted).map(s -> Path.of(s.mountPoint()))
                .toList();
        return new SimpleTckBackend(driver, provider.capabilities(), provider.version(), shares, List::of,
                Map.of("backend", backendName, "configuration", configuration.source()), registry::close)
                .withProvider(provider);
    }
}
