package org.remotefs.core.registry;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.host.HostServiceCatalog;
import org.remotefs.core.host.HostServices;
import org.remotefs.core.host.StopFlag;

/**
 * Finds the {@link VolumeDriverProvider}s on a class path with {@link ServiceLoader} and builds
 * one driver per configured backend. A provider that fails to load is recorded and the others
 * still serve; asking for an id that is missing, claimed twice, or built against an incompatible
 * SPI version is an error that says what was looked for and what was found. Providers are chosen
 * by id from configuration only: nothing on the class path is activated by being there.
 *
 * <p>The registry also owns the host's services ({@link HostServices}: volume locks, image service,
 * compute assist, the stop signal), made once per configuration and handed to every driver it
 * builds; {@link #close()} closes the drivers it built, then those services.
 */
public final class DriverRegistry implements AutoCloseable {
    /** A bound on the service iterator, in case a broken class path makes it fail forever. */
    private static final int MAX_LOAD_ATTEMPTS = 1000;

    private final Map<String, List<ProviderCandidate>> byId;
    private final List<ProviderLoadFailure> failures;
    private final SettingsReader settingsReader;
    private final HostServiceCatalog catalog;
    private final StopFlag stop;
    private final Map<RemoteFsConfiguration, HostServices> hostServices = new java.util.IdentityHashMap<>();
    private final List<VolumeDriver> drivers = new ArrayList<>();

    private DriverRegistry(Map<String, List<ProviderCandidate>> byId, List<ProviderLoadFailure> failures,
                           SettingsReader settingsReader, HostServiceCatalog catalog, StopFlag stop) {
        this.stop = stop;
        this.byId = byId;
        this.failures = failures;
        this.settingsReader = settingsReader;
        this.catalog = catalog;
    }

    /** Discovers the providers visible to the class loader; the registry's stop flag is its own. */
    public static DriverRegistry discover(ClassLoader classLoader) {
        return discover(classLoader, new StopFlag());
    }

    /**
     * Discovers the providers visible to the class loader, with the host's stop flag: whoever owns
     * the process (the command line on SIGINT and SIGTERM) raises it to stop running operations.
     */
    public static DriverRegistry discover(ClassLoader classLoader, StopFlag stop) {
        Map<String, List<ProviderCandidate>> byId = new LinkedHashMap<>();
        List<ProviderLoadFailure> failures = new ArrayList<>();
        Iterator<VolumeDriverProvider> iterator = ServiceLoader.load(VolumeDriverProvider.class, classLoader).iterator();
        for (int attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
            VolumeDriverProvider provider;
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                provider = iterator.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.add(new ProviderLoadFailure(e.getMessage(), e));
                continue;
            }
            String id;
            try {
                id = provider.id();
            } catch (RuntimeException | LinkageError e) {
                failures.add(new ProviderLoadFailure(provider.getClass().getName() + ": id() failed", e));
                continue;
            }
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(new ProviderCandidate(provider, location(provider)));
        }
        return new DriverRegistry(byId, List.copyOf(failures), new SettingsReader(),
                HostServiceCatalog.discover(classLoader), stop);
    }

    private static String location(VolumeDriverProvider provider) {
        CodeSource source = provider.getClass().getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "an unknown location" : source.getLocation().toString();
    }

    /** Every provider found, by id, in discovery order (an id claimed twice lists both). */
    public List<ProviderCandidate> candidates() {
        return byId.values().stream().flatMap(List::stream).toList();
    }

    /** Providers listed in service files that could not be loaded. */
    public List<ProviderLoadFailure> failures() {
        return failures;
    }

    /**
     * The provider with this id.
     *
     * @throws RemoteFsException {@link ErrorCode#DRIVER_NOT_FOUND} (listing the ids found),
     *         {@link ErrorCode#DRIVER_LOAD_FAILED} (when it is missing and some provider failed to
     *         load), {@link ErrorCode#DUPLICATE_DRIVER}, {@link ErrorCode#INCOMPATIBLE_SPI_VERSION}
     */
    public VolumeDriverProvider provider(String id) {
        List<ProviderCandidate> found = byId.getOrDefault(id, List.of());
        if (found.isEmpty()) {
            String ids = byId.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byId.keySet()));
            if (!failures.isEmpty()) {
                throw new RemoteFsException(ErrorCode.DRIVER_LOAD_FAILED,
                        "no driver provider with id '" + id + "' was loaded (found: " + ids + "); "
                                + failures.size() + " provider(s) failed to load: "
                                + failures.stream().map(f -> f.description() + ": " + f.reason())
                                .collect(Collectors.joining("; ")),
                        Map.of("driver", id));
            }
            throw new RemoteFsException(ErrorCode.DRIVER_NOT_FOUND,
                    "no driver provider with id '" + id + "' on the class path; found: " + ids,
                    Map.of("driver", id, "found", ids));
        }
        if (found.size() > 1) {
            throw new RemoteFsException(ErrorCode.DUPLICATE_DRIVER,
                    "driver id '" + id + "' is claimed by " + found.size() + " providers: "
                            + found.stream().map(ProviderCandidate::toString).collect(Collectors.joining(" and "))
                            + "; remove one of the jars from the class path",
                    Map.of("driver", id));
        }
        ProviderCandidate candidate = found.get(0);
        if (!candidate.spiCompatible()) {
            throw new RemoteFsException(ErrorCode.INCOMPATIBLE_SPI_VERSION,
                    "driver provider '" + id + "' (" + candidate + ") was built against SPI version "
                            + candidate.provider().spiVersion() + "; this runtime supports versions "
                            + VolumeDriverProvider.MIN_SUPPORTED_SPI_VERSION + " to " + VolumeDriverProvider.SPI_VERSION,
                    Map.of("driver", id, "spi_version", Integer.toString(candidate.provider().spiVersion())));
        }
        return candidate.provider();
    }

    /**
     * The host's stop signal, shared by every driver of this registry: raising it (on SIGINT,
     * SIGTERM, a shutdown) stops their child processes and lock waits.
     */
    public StopFlag stop() {
        return stop;
    }

    /** The host services of a configuration, made once and kept until {@link #close()}. */
    public synchronized HostServices hostServices(RemoteFsConfiguration configuration) {
        return hostServices.computeIfAbsent(configuration, c -> new HostServices(c.root(), catalog, stop));
    }

    /**
     * Closes the drivers this registry built, then the host services it made (the endpoint
     * receiving Nova's status reports, lock services). Idempotent.
     */
    @Override
    public synchronized void close() {
        for (int i = drivers.size() - 1; i >= 0; i--) {
            try {
                drivers.get(i).close();
            } catch (RuntimeException e) {
                // one driver failing to close does not keep the host services open
            }
        }
        drivers.clear();
        hostServices.values().forEach(HostServices::close);
        hostServices.clear();
    }

    /** The checked settings of a configured backend, as its driver will see them. */
    public BackendSettings settings(RemoteFsConfiguration configuration, String backendName) {
        String driverId = configuration.driverId(backendName);
        VolumeDriverProvider provider = provider(driverId);
        return settingsReader.read(backendName, configuration.settingsBlock(backendName, driverId), provider.options());
    }

    /**
     * Builds the driver of a configured backend. Touches no share: call
     * {@link VolumeDriver#doSetup()} before using it.
     */
    public VolumeDriver create(RemoteFsConfiguration configuration, String backendName) {
        return create(configuration, backendName, hostServices(configuration)::addTo);
    }

    /**
     * Builds the driver of a configured backend with host services of the caller's own instead of
     * those the configuration names (none of those is started): a conformance run hands the
     * driver its own image service and compute stand-in, never the cloud's. The driver's context
     * already holds the host's volume locks and stop signal, which the caller may keep or replace.
     *
     * @param hostServices adds the host services to the driver's context
     */
    public VolumeDriver create(RemoteFsConfiguration configuration, String backendName,
                               UnaryOperator<DriverContext> hostServices) {
        String driverId = configuration.driverId(backendName);
        VolumeDriverProvider provider = provider(driverId);
        BackendSettings settings = settings(configuration, backendName);
        HostServices host = hostServices(configuration);
        DriverContext context = hostServices.apply(DriverContext.of(settings).withLockService(host.locks())
                .withStopSignal(host.stop()));
        try {
            VolumeDriver driver = provider.create(context);
            synchronized (this) {
                drivers.add(driver);
            }
            return driver;
        } catch (RemoteFsException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new RemoteFsException(ErrorCode.DRIVER_LOAD_FAILED,
                    "driver provider '" + driverId + "' failed to build backend '" + backendName + "': " + e,
                    Map.of("driver", driverId, "backend", backendName), e);
        }
    }
}
