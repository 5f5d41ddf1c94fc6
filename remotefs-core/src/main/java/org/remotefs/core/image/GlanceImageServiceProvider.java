package org.remotefs.core.image;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceProvider;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.json.Json;

/** {@code remotefs.image_service.type = glance}: a Glance v2 endpoint and a Keystone token (secret). */
public final class GlanceImageServiceProvider implements HostServiceProvider<ImageService> {

    @Override
    public Class<ImageService> service() {
        return ImageService.class;
    }

    @Override
    public String type() {
        return "glance";
    }

    @Override
    public ImageService create(HostServiceSettings settings) {
        String endpoint = settings.string("glance_endpoint", "");
        if (endpoint.isBlank()) {
            throw invalid(settings, "glance_endpoint", endpoint, "it must be set when type = glance");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw invalid(settings, "glance_endpoint", endpoint, "it is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw invalid(settings, "glance_endpoint", endpoint, "it is not an http or https URL");
        }
        Duration timeout = Duration.ofSeconds(seconds(settings, "timeout_seconds", "3600"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        return new GlanceImageService(client, uri, settings.string("glance_token", ""), Json.mapper(), timeout);
    }

    /** A whole number of seconds, at least 1. */
    static long seconds(HostServiceSettings settings, String key, String fallback) {
        String text = settings.string(key, fallback);
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(settings, key, text, "expected a whole number of seconds, at least 1");
    }

    /** The value is shown, but never a token's. */
    static RemoteFsException invalid(HostServiceSettings settings, String key, String value, String why) {
        String shown = key.endsWith("token") ? "***" : value;
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                settings.describe(key) + " = '" + shown + "' is invalid: " + why,
                Map.of("option", settings.section() + "." + key));
    }
}
