package org.remotefs.api.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's factory receives to build one backend's driver: its settings and the host's
 * services. Built by the runtime (core's registry); providers only read it, so new services can be
 * added here without changing the factory's signature. Host services belong to the host: a driver
 * never closes them.
 *
 * @param settings      the backend's checked settings
 * @param imageService  the image service, when the host has one
 * @param computeAssist the compute service's help with snapshots of attached volumes, when the host has it
 * @param lockService   the host's volume locks; when empty, a core-based driver takes inter-process
 *                      file locks in the default lock directory itself (never in-process-only locks
 *                      unless they were chosen)
 * @param stopSignal    the host's request that operations stop
 * @param progress      the host's display of long operations' progress ({@link ProgressReporter#none()}
 *                      when it has none)
 */
public record DriverContext(BackendSettings settings, Optional<ImageService> imageService,
                            Optional<ComputeAssist> computeAssist, Optional<VolumeLockService> lockService,
                            StopSignal stopSignal, ProgressReporter progress) {

    public DriverContext {
        Objects.requireNonNull(settings, "settings is null");
        Objects.requireNonNull(imageService, "imageService is null");
        Objects.requireNonNull(computeAssist, "computeAssist is null");
        Objects.requireNonNull(lockService, "lockService is null");
        Objects.requireNonNull(stopSignal, "stopSignal is null");
        Objects.requireNonNull(progress, "progress is null");
    }

    /** A context whose host shows no progress (the form before progress was reported). */
    public DriverContext(BackendSettings settings, Optional<ImageService> imageService,
                         Optional<ComputeAssist> computeAssist, Optional<VolumeLockService> lockService,
                         StopSignal stopSignal) {
        this(settings, imageService, computeAssist, lockService, stopSignal, ProgressReporter.none());
    }

    /** A context with settings only: no image service, no compute assist, default locks, never stopped. */
    public static DriverContext of(BackendSettings settings) {
        return new DriverContext(settings, Optional.empty(), Optional.empty(), Optional.empty(), StopSignal.never(),
                ProgressReporter.none());
    }

    public DriverContext withImageService(ImageService service) {
        return new DriverContext(settings, Optional.of(service), computeAssist, lockService, stopSignal, progress);
    }

    public DriverContext withComputeAssist(ComputeAssist assist) {
        return new DriverContext(settings, imageService, Optional.of(assist), lockService, stopSignal, progress);
    }

    public DriverContext withLockService(VolumeLockService locks) {
        return new DriverContext(settings, imageService, computeAssist, Optional.of(locks), stopSignal, progress);
    }

    public DriverContext withStopSignal(StopSignal signal) {
        return new DriverContext(settings, imageService, computeAssist, lockService, signal, progress);
    }

    public DriverContext withProgress(ProgressReporter reporter) {
        return new DriverContext(settings, imageService, computeAssist, lockService, stopSignal, reporter);
    }

    public String backendName() {
        return settings.backendName();
    }
}
