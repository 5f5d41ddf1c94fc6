package org.remotefs.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a backend supplies to run the TCK: how to make a freshly configured driver on scratch
 * shares, and how to tear it down. Found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.remotefs.tck.TckBinding} in the backend's test resources) or named
 * by the configuration parameter {@code remotefs.tck.binding}; exactly one must be found.
 * Implementations have a public no-argument constructor.
 */
public interface TckBinding {

    /**
     * The binding given the run's configuration parameters ({@code remotefs.tck.*}); by default
     * the binding itself, which needs none.
     */
    default TckBinding configured(java.util.function.Function<String, Optional<String>> parameters) {
        return this;
    }

    /** The backend's driver id, shown in every test's name: {@code [localfs] VolumeLifecycle > ...}. */
    String backendId();

    /**
     * How the backend names its volume files, which the on-share contracts check: {@code true} for
     * Cinder's SMB names, every file by its format ({@code volume-<id>.raw}, {@code volume-<id>.qcow2},
     * overlays {@code volume-<id>.<snapshot id>.qcow2}, the info file {@code volume-<id>.qcow2.info});
     * {@code false} (the default) for Cinder's NFS names ({@code volume-<id>}, overlays
     * {@code volume-<id>.<snapshot id>}, {@code volume-<id>.info}), where only formats a plain name
     * cannot tell apart carry their extension ({@code volume-<id>.vhd}, {@code volume-<id>.vhdx}).
     */
    default boolean namesFilesByFormat() {
        return false;
    }

    /**
     * A driver on fresh shares under {@code scratch} (a new empty directory per test), making
     * volume files as {@code provisioning} says, and reaching images and the compute service
     * through {@code services} only (hand them over with {@link TckServices#applyTo}, or
     * {@link CoreTckBackends#open}): the image-copy and online-snapshot contracts drive them.
     */
    TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception;

    /**
     * A driver whose shares come from a shares file with these lines (the share-configuration
     * contract); empty when the binding cannot configure one (the contract is then skipped as an
     * environment it lacks).
     */
    default Optional<TckBackend> openWithSharesFile(Path scratch, List<String> lines) throws Exception {
        return Optional.empty();
    }

    /**
     * Share lines this backend accepts, one per share directory to use, under {@code scratch};
     * empty when the binding cannot make them.
     */
    default List<String> validShareLines(Path scratch, int count) {
        return List.of();
    }
}
