package org.remotefs.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.Capability;

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
 */
public record SimpleTckBackend(VolumeDriver driver, Set<Capability> capabilities, String version,
                               List<Path> shareDirectories, Supplier<List<String>> commands,
                               Map<String, String> environment, AutoCloseable closer) implements TckBackend {

    public SimpleTckBackend {
        capabilities = Set.copyOf(capabilities);
        shareDirectories = List.copyOf(shareDirectories);
        environment = Map.copyOf(environment);
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
                backend.shareDirectories(), backend::commandLog, backend.environment(), backend);
    }

    public SimpleTckBackend withDriver(VolumeDriver other) {
        return new SimpleTckBackend(other, capabilities, version, shareDirectories, commands, environment, closer);
    }

    public SimpleTckBackend withCapabilities(Set<Capability> other) {
        return new SimpleTckBackend(driver, other, version, shareDirectories, commands, environment, closer);
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
        });
    }
}
