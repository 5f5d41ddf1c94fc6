package org.remotefs.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.VolumeDriverProvider;

/**
 * A {@link TckBackend} made of its parts, for bindings to build and to adapt ({@code with...}).
 *
 * @param driver           the driver under test
 * @param capabilities     what its provider declares
 * @param version          its provider's version
 * @param shareDirectories the shares' local directories
 * @param commands         the commands it ran so far
 * @param environment      what the report says of the environment
 * @param closer           what closing does
 * @param provider         the provider that built the driver, where the binding names it
 */
public record SimpleTckBackend(VolumeDriver driver, Set<Capability> capabilities, String version,
                               List<Path> shareDirectories, Supplier<List<String>> commands,
                               Map<String, String> environment, AutoCloseable closer,
                               Optional<VolumeDriverProvider> provider) implements TckBackend {

    public SimpleTckBackend {
        capabilities = Set.copyOf(capabilities);
        shareDirectories = List.copyOf(shareDirectories);
        environment = Map.copyOf(environment);
        provider = provider == null ? Optional.empty() : provider;
    }

    /** A backend whose provider is not named ({@link #withProvider} names it). */
    public SimpleTckBackend(VolumeDriver driver, Set<Capability> capabilities, String version,
                            List<Path> shareDirectories, Supplier<List<String>> commands,
                            Map<String, String> environment, AutoCloseable closer) {
        this(driver, capabilities, version, shareDirectories, commands, environment, closer, Optional.empty());
    }

    @Override
    public List<String> commandLog() {
        return commands.get();
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }

    /** The same backend from another binding's view: every part of a {@link TckBackend}. */
    public static SimpleTckBackend of(TckBackend backend) {
        return backend instanceof SimpleTckBackend simple ? simple
                : new SimpleTckBackend(backend.driver(), backend.capabilities(), backend.version(),
                backend.shareDirectories(), backend::commandLog, backend.environment(), backend, backend.provider());
    }

    public SimpleTckBackend withDriver(VolumeDriver other) {
        return new SimpleTckBackend(other, capabilities, version, shareDirectories, commands, environment, closer,
                provider);
    }

    public SimpleTckBackend withCapabilities(Set<Capability> other) {
        return new SimpleTckBackend(driver, other, version, shareDirectories, commands, environment, closer, provider);
    }

    /** The provider that built the driver: the contracts that check its declarations read it. */
    public SimpleTckBackend withProvider(VolumeDriverProvider other) {
        return new SimpleTckBackend(driver, capabilities, version, shareDirectories, commands, environment, closer,
                Optional.of(other));
    }

    /** Closing runs {@code then} after what closing did before. */
    public SimpleTckBackend withClose(AutoCloseable then) {
        AutoCloseable first = closer;
        return new SimpleTckBackend(driver, capabilities, version, shareDirectories, commands, environment, () -> {
            try {
                first.close();
            } finally {
                then.close();
            }
        }, provider);
    }
}
