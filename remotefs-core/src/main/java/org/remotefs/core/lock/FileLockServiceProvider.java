package org.remotefs.core.lock;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceProvider;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.json.Json;

/**
 * {@code remotefs.coordination.backend_url = "file://DIR"} (tooz's spelling): {@link FileLockService}
 * on {@code DIR}. An empty {@code backend_url} — the default — means file locks in the default,
 * private {@link LockDirectory}.
 */
public final class FileLockServiceProvider implements HostServiceProvider<VolumeLockService> {
    public static final String SECTION = "remotefs.coordination";
    public static final String BACKEND_URL = "backend_url";

    @Override
    public Class<VolumeLockService> service() {
        return VolumeLockService.class;
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public VolumeLockService create(HostServiceSettings settings) {
        String url = settings.string(BACKEND_URL, "");
        Path directory = url.isBlank()
                ? LockDirectory.preparePrivate(LockDirectory.defaultDirectory(), SECTION + "." + BACKEND_URL)
                : LockDirectory.prepareChosen(directoryOf(url, settings), settings.describe(BACKEND_URL));
        return new FileLockService(directory, settings.stop(), Json.lazyMapper(), HostIdentity.current(),
                Clock.systemUTC());
    }

    /** {@code file:///var/lib/cinder} or {@code file:/var/lib/cinder}: an absolute local path. */
    static Path directoryOf(String url, HostServiceSettings settings) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw invalid(settings, url, "it is not a URL");
        }
        if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
            throw invalid(settings, url, "a file URL names a local directory: file:///path (three slashes)");
        }
        String path = uri.getPath();
        if (path == null || !path.startsWith("/")) {
            throw invalid(settings, url, "a file URL names an absolute directory: file:///path");
        }
        return Path.of(path);
    }

    static RemoteFsException invalid(HostServiceSettings settings, String url, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                settings.describe(BACKEND_URL) + " = '" + url + "' is invalid: " + why,
                Map.of("option", SECTION + "." + BACKEND_URL));
    }
}
