package org.remotefs.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.VolumeDriverProvider;

/**
 * One freshly configured backend for one test: a driver on scratch shares. Closed by the TCK after
 * the test, whatever happened.
 */
public interface TckBackend extends AutoCloseable {

    /** The driver under test, set up ({@link VolumeDriver#doSetup()} done). */
    VolumeDriver driver();

    /** What the backend's provider declares. */
    Set<Capability> capabilities();

    /** The backend's version (its provider's). */
    String version();

    /** The local directories that hold the shares' files (mount points), for on-share checks. */
    List<Path> shareDirectories();

    /** The commands the driver ran so far, for diagnostics; empty when the binding cannot see them. */
    default List<String> commandLog() {
        return List.of();
    }

    /**
     * The provider that built the driver, as {@link java.util.ServiceLoader} makes it: the
     * contracts that check what it declares against what its jar ships ({@code reference.conf})
     * read it. Empty when the binding does not name it; those contracts then look the provider up
     * by the backend's driver id.
     */
    default Optional<VolumeDriverProvider> provider() {
        return Optional.empty();
    }

    /** What the report should say about the environment (mount type, ...). */
    default Map<String, String> environment() {
        return Map.of();
    }

    @Override
    void close() throws Exception;
}
