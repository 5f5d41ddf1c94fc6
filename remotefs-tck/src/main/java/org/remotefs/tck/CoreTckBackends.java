package org.remotefs.tck;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.driver.RemoteFsDriverProvider;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;

/**
 * Helps bindings of core-based backends: builds a driver from a provider and a {@link BackendConfig},
 * the way the runtime does (the provider's {@code reference.conf} defaults underneath), with a
 * command runner that records what ran.
 */
public final class CoreTckBackends {
    private CoreTckBackends() {
    }

    /**
     * @param provider the backend's provider, as {@link java.util.ServiceLoader} makes it
     *                 ({@code new ExampleDriverProvider()}); a core-based one
     *                 ({@link RemoteFsDriverProvider}) builds its driver with a command runner
     *                 that records what ran, for the diagnostics of a failed test
     * @param backend  the backend's name and options; its driver is the provider's id
     * @param shares   the local directories of the shares
     * @param services the TCK's image service and compute stand-in, for the driver's context
     */
    public static SimpleTckBackend open(VolumeDriverProvider provider, BackendConfig backend,
                                        List<Path> shares, Map<String, String> environment, TckServices services) {
        return open(provider, backend, shares, environment, services::applyTo);
    }

    /** A driver without host services: for contracts that need none (share configuration). */
    public static SimpleTckBackend open(VolumeDriverProvider provider, BackendConfig backend,
                                        List<Path> shares, Map<String, String> environment) {
        return open(provider, backend, shares, environment, UnaryOperator.identity());
    }

    private static SimpleTckBackend open(VolumeDriverProvider provider, BackendConfig backend,
                                         List<Path> shares, Map<String, String> environment,
                                         UnaryOperator<DriverContext> services) {
        if (backend.driver() != null && !backend.driver().equals(provider.id())) {
            throw new IllegalArgumentException("backend " + backend.name() + " names driver " + backend.driver()
                    + ", the provider is " + provider.id());
        }
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(backend.driver(provider.id()).toHocon(),
                "the TCK binding", provider.getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read(backend.name(),
                configuration.settingsBlock(backend.name(), provider.id()), provider.options());
        // the runner core would build, recorded
        RootHelper rootHelper = settings.values().containsKey("root_helper")
                ? RootHelper.parse(settings.string("root_helper")) : new RootHelper(List.of());
        RecordingCommandRunner recorder = new RecordingCommandRunner(new ExecCommandRunner(rootHelper, Duration.ofMinutes(10)));
        VolumeDriverProvider recording = provider instanceof RemoteFsDriverProvider core
                ? core.withReplacements(binder -> binder.bind(CommandRunner.class).toInstance(recorder)) : provider;
        VolumeDriver driver = recording.create(services.apply(DriverContext.of(settings)));
        driver.doSetup();
        return new SimpleTckBackend(driver, provider.capabilities(), provider.version(), shares, recorder::log,
                environment, () -> {
                    // nothing held: the shares are directories the TCK removes
                }).withProvider(provider);
    }
}
