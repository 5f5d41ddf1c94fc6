package org.remotefs.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's factory receives to build one backend's driver: its settings and the host's
 * services. Built by the runtime (core's registry); providers only read it, so new services can be
 * added here without changing the factory's signature.
 *
 * @param settings     the backend's checked settings
 * @param imageService  the image service, when the host has one
 * @param computeAssist the compute service's help with snapshots of attached volumes, when the host has it
 */
public record DriverContext(BackendSettings settings, Optional<ImageService> imageService,
                            Optional<ComputeAssist> computeAssist) {

    public DriverContext {
        Objects.requireNonNull(settings, "settings is null");
        Objects.requireNonNull(imageService, "imageService is null");
        Objects.requireNonNull(computeAssist, "computeAssist is null");
    }

    /** A context with settings only. */
    public static DriverContext of(BackendSettings settings) {
        return new DriverContext(settings, Optional.empty(), Optional.empty());
    }

    public DriverContext withImageService(ImageService service) {
        return new DriverContext(settings, Optional.of(service), computeAssist);
    }

    public DriverContext withComputeAssist(ComputeAssist assist) {
        return new DriverContext(settings, imageService, Optional.of(assist));
    }

    public String backendName() {
        return settings.backendName();
    }
}
