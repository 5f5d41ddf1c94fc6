package org.remotefs.core.compute;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.core.json.Json;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * Builds the host's compute assist from {@code remotefs.compute}: {@code type = none} (the default:
 * snapshots of attached volumes are refused) or {@code nova}: Nova's endpoint and token, and the
 * address where Nova's status reports are received ({@code status_listen_host},
 * {@code status_listen_port}). The status endpoint is started here and stopped by {@link #close()}.
 */
public final class ComputeAssistFactory implements AutoCloseable {
    public static final String PATH = "remotefs.compute";

    private SnapshotStatusEndpoint endpoint;
    private final SnapshotStatusBoard board = new SnapshotStatusBoard();

    public synchronized Optional<ComputeAssist> create(Config config) {
        Config block = config.getConfig(PATH);
        try {
            String type = block.getString("type");
            if (type.equals("none")) {
                return Optional.empty();
            }
            if (!type.equals("nova")) {
                throw invalid("type", "'" + type + "' is not none or nova");
            }
            String url = block.getString("nova_endpoint");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw invalid("nova_endpoint", "'" + url + "' is not a URL");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw invalid("nova_endpoint", "'" + url + "' is not an http or https URL");
            }
            if (endpoint == null) {
                endpoint = new SnapshotStatusEndpoint(new InetSocketAddress(block.getString("status_listen_host"),
                        block.getInt("status_listen_port")), board);
            }
            return Optional.of(new NovaComputeAssist(HttpClient.newHttpClient(), uri, block.getString("nova_token"),
                    Json.mapper(), board, Duration.ofSeconds(block.getInt("timeout_seconds"))));
        } catch (ConfigException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, PATH + ": " + e.getMessage(),
                    Map.of("option", PATH), e);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    PATH + ": cannot listen for Nova's status reports: " + e, Map.of("option", PATH + ".status_listen_port"), e);
        }
    }

    private static RemoteFsException invalid(String key, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, PATH + "." + key + " is invalid: " + why,
                Map.of("option", PATH + "." + key));
    }

    @Override
    public synchronized void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }
}
