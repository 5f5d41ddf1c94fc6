package org.remotefs.api.spi;

/**
 * Makes one kind of host service — volume locks ({@link VolumeLockService}), the image service
 * ({@link ImageService}), the compute assist ({@link ComputeAssist}) — of one type, found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.remotefs.api.spi.HostServiceProvider})
 * and chosen by configuration: the scheme of {@code remotefs.coordination.backend_url} for locks
 * ({@code file}, {@code inprocess}), {@code remotefs.image_service.type} ({@code local},
 * {@code glance}), {@code remotefs.compute.type} ({@code nova}). The runtime creates each
 * configured service once per host and closes it (when it is {@link AutoCloseable}) after the
 * drivers that use it; drivers receive it through their {@link DriverContext}.
 *
 * @param <S> the service interface
 */
public interface HostServiceProvider<S> {

    /** The service interface this provider makes: one of the host-service interfaces of this package. */
    Class<S> service();

    /** The name configuration chooses it by; unique per {@link #service()}. */
    String type();

    /**
     * Makes the service from its configuration section. May start what the service needs (a
     * listener, a session); the runtime closes it.
     *
     * @throws org.remotefs.api.RemoteFsException {@code INVALID_CONFIGURATION_VALUE} naming the
     *         option and where it was set, when a value is wrong
     */
    S create(HostServiceSettings settings);
}
