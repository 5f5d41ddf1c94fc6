package org.remotefs.core.host;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.ImageService;
import org.remotefs.api.spi.VolumeLockService;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import org.remotefs.api.spi.HostServiceSettings;

/**
 * The host's services for one configuration — volume locks, the image service, the compute assist
 * and the stop signal — each made once, when first asked for, by the provider configuration
 * chooses, and closed in reverse order by {@link #close()}. Every driver of the host gets the same
 * ones through its {@link DriverContext}.
 */
public final class HostServices implements AutoCloseable {
    public static final String COORDINATION = "remotefs.coordination";
    public static final String IMAGE_SERVICE = "remotefs.image_service";
    public static final String COMPUTE = "remotefs.compute";

    private final Config root;
    private final HostServiceCatalog catalog;
    private final StopFlag stop;
    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    private VolumeLockService locks;
    private Optional<ImageService> imageService;
    private Optional<ComputeAssist> computeAssist;
    private boolean closed;

    public HostServices(Config root, HostServiceCatalog catalog, StopFlag stop) {
        this.root = root;
        this.catalog = catalog;
        this.stop = stop;
    }

    /** The host's stop signal. */
    public StopFlag stop() {
        return stop;
    }

    /**
     * The volume locks chosen by {@code remotefs.coordination.backend_url}: the scheme names the
     * provider ({@code file}, {@code inprocess}); empty means file locks in the default directory.
     */
    public synchronized VolumeLockService locks() {
        requireOpen();
        if (locks == null) {
            HostServiceSettings settings = settings(COORDINATION);
            String url = settings.string("backend_url", "").strip();
            String scheme = url.isEmpty() ? "file" : schemeOf(url);
            locks = open(catalog.provider(VolumeLockService.class, scheme, settings.describe("backend_url"))
                    .create(settings));
        }
        return locks;
    }

    /** The image service chosen by {@code remotefs.image_service.type}; empty for {@code none}. */
    public synchronized Optional<ImageService> imageService() {
        requireOpen();
        if (imageService == null) {
            imageService = byType(ImageService.class, IMAGE_SERVICE);
        }
        return imageService;
    }

    /** The compute assist chosen by {@code remotefs.compute.type}; empty for {@code none}. */
    public synchronized Optional<ComputeAssist> computeAssist() {
        requireOpen();
        if (computeAssist == null) {
            computeAssist = byType(ComputeAssist.class, COMPUTE);
        }
        return computeAssist;
    }

    /** A driver's context with every host service added. */
    public DriverContext addTo(DriverContext context) {
        DriverContext with = context.withLockService(locks()).withStopSignal(stop);
        with = imageService().map(with::withImageService).orElse(with);
        return computeAssist().map(with::withComputeAssist).orElse(with);
    }

    private <S> Optional<S> byType(Class<S> service, String section) {
        HostServiceSettings settings = settings(section);
        String type = settings.string("type", "none").strip();
        if (type.equals("none")) {
            return Optional.empty();
        }
        return Optional.of(open(catalog.provider(service, type, settings.describe("type")).create(settings)));
    }

    private <S> S open(S service) {
        if (service instanceof AutoCloseable closeable) {
            opened.push(closeable);
        }
        return service;
    }

    private static String schemeOf(String url) {
        int colon = url.indexOf(':');
        return colon <= 0 ? url : url.substring(0, colon);
    }

    private HostServiceSettings settings(String section) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        if (root.hasPath(section)) {
            for (Map.Entry<String, ConfigValue> entry : root.getConfig(section).entrySet()) {
                ConfigValue value = entry.getValue();
                if (value.valueType() == ConfigValueType.NULL || value.valueType() == ConfigValueType.OBJECT
                        || value.valueType() == ConfigValueType.LIST) {
                    continue;
                }
                values.put(entry.getKey(), String.valueOf(value.unwrapped()));
                origins.put(entry.getKey(), value.origin().description());
            }
        }
        return new HostServiceSettings(section, values, origins, stop);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the host services are closed");
        }
    }

    /** Closes every service made, newest first. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                // one service failing to close does not keep the others open
            }
        }
    }
}
