package org.remotefs.tck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;

import com.google.inject.Module;

/**
 * Helps bindings of core-based backends: builds a driver from a provider and a {@link BackendConfig},
 * the way the runtime does (the provider's {@code reference.conf} defaults underneath), with a
 * command runner that records what ran.
 */
public final class CoreTckBackends {
    private CoreTckBackends() {
    }

    /**
     * @param providerWithOverrides makes the provider, given the Guice module that installs the
     *                              recording command runner (for providers with an overrides hook)
     * @param backend               the backend's name and options; its driver is the provider's id
     * @param shares                the local directories of the shares
     * @param services              the TCK's image service and compute stand-in, for the driver's context
     */
    public static SimpleTckBackend open(Function<Module, VolumeDriverProvider> providerWithOverrides, BackendConfig backend,
                                        List<Path> shares, Map<String, String> environment, TckServices services) {
        return open(providerWithOverrides, backend, shares, environment, services::applyTo);
    }

    /** A driver without host services: for contracts that need none (share configuration). */
    public static SimpleTckBackend open(Function<Module, VolumeDriverProvider> providerWithOverrides, BackendConfig backend,
                                        List<Path> shares, Map<String, String> environment) {
        return open(providerWithOverrides, backend, shares, environment, UnaryOperator.identity());
    }

    private static SimpleTckBackend open(Function<Module, VolumeDriverProvider> providerWithOverrides, BackendConfig backend,
                                         List<Path> shares, Map<String, String> environment,
                                         UnaryOperator<DriverContext> services) {
        VolumeDriverProvider plain = providerWithOverrides.apply(com.google.inject.util.Modules.EMPTY_MODULE);
        if (backend.driver() != null && !backend.driver().equals(plain.id())) {
            throw new IllegalArgumentException("backend " + backend.name() + " names driver " + backend.driver()
                    + ", the provider is " + plain.id());
        }
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(backend.driver(plain.id()).toHocon(),
                "the TCK binding", plain.getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read(backend.name(),
                configuration.settingsBlock(backend.name(), plain.id()), plain.options());
        // the runner core would build, recorded
        RootHelper rootHelper = settings.values().containsKey("root_helper")
                ? RootHelper.parse(settings.string("root_helper")) : new RootHelper(List.of());
        RecordingCommandRunner recorder = new RecordingCommandRunner(new ExecCommandRunner(rootHelper, Duration.ofMinutes(10)));
        VolumeDriverProvider provider = providerWithOverrides.apply(
                binder -> binder.bind(CommandRunner.class).toInstance(recorder));
        VolumeDriver driver = provider.create(services.apply(DriverContext.of(settings)));
        driver.doSetup();
        return new SimpleTckBackend(driver, provider.capabilities(), provider.version(), shares, recorder::log,
                environment, () -> {
                    // nothing held: the shares are directories the TCK removes
                });
    }
}
