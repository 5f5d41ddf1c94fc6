package org.remotefs.core.image;

import java.time.Duration;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceProvider;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.json.Json;
import org.remotefs.core.keystone.AuthenticatedHttp;
import org.remotefs.core.keystone.KeystoneOptionsReader;
import org.remotefs.core.keystone.ServiceAccess;

/**
 * {@code remotefs.image_service.type = glance}: a Glance v2 endpoint and a static token (secret), or
 * Keystone credentials ({@code auth_type}, ...) with the endpoint from the catalog (type {@code image}).
 */
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
        Duration timeout = Duration.ofSeconds(seconds(settings, "timeout_seconds", "3600"));
        AuthenticatedHttp http = ServiceAccess.configure(settings, "image", "glance_endpoint", "glance_token",
                ErrorCode.IMAGE_SERVICE_ERROR);
        return new GlanceImageService(http, Json.mapper(), timeout);
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
        String shown = key.endsWith("token") || KeystoneOptionsReader.SECRET_KEYS.contains(key) ? "***" : value;
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                settings.describe(key) + " = '" + shown + "' is invalid: " + why,
                Map.of("option", settings.section() + "." + key));
    }
}
