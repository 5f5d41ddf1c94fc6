package org.remotefs.core.image;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.json.Json;
import org.remotefs.core.volume.ImageHeaderReader;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * Builds the host's image service from {@code remotefs.image_service}: {@code type = local}
 * (a directory, the default), {@code glance} (a Glance v2 endpoint and token) or {@code none}.
 */
public final class ImageServiceFactory {
    public static final String PATH = "remotefs.image_service";

    public Optional<ImageService> create(Config config) {
        Config block = config.getConfig(PATH);
        try {
            String type = block.getString("type");
            return switch (type) {
                case "none" -> Optional.empty();
                case "local" -> Optional.of(new LocalImageService(Path.of(block.getString("local_directory")),
                        Json.mapper(), new ImageHeaderReader()));
                case "glance" -> Optional.of(glance(block));
                default -> throw invalid(block, "type", "expected local, glance or none");
            };
        } catch (ConfigException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, PATH + ": " + e.getMessage(),
                    Map.of("option", PATH), e);
        }
    }

    private static ImageService glance(Config block) {
        String endpoint = block.getString("glance_endpoint");
        if (endpoint.isBlank()) {
            throw invalid(block, "glance_endpoint", "it must be set when type = glance");
        }
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw invalid(block, "glance_endpoint", "it is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw invalid(block, "glance_endpoint", "it is not an http or https URL");
        }
        Duration timeout = Duration.ofSeconds(block.getInt("timeout_seconds"));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        return new GlanceImageService(client, uri, block.getString("glance_token"), Json.mapper(), timeout);
    }

    private static RemoteFsException invalid(Config block, String key, String why) {
        String origin = block.hasPath(key) ? block.getValue(key).origin().description() : PATH;
        String shown = key.endsWith("token") || !block.hasPath(key) ? "***" : String.valueOf(block.getValue(key).unwrapped());
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                PATH + "." + key + " = '" + shown + "' (" + origin + ") is invalid: " + why,
                Map.of("option", PATH + "." + key, "origin", origin));
    }
}
