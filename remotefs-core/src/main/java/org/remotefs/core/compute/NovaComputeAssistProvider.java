package org.remotefs.core.compute;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.api.spi.HostServiceProvider;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.core.json.Json;
import org.remotefs.core.keystone.AuthenticatedHttp;
import org.remotefs.core.keystone.ServiceAccess;

/**
 * {@code remotefs.compute.type = nova}: Nova's endpoint and a static token, or Keystone credentials
 * ({@code auth_type}, ...; the endpoint then may come from the catalog, type {@code compute}), and
 * the address where Nova's status reports are received ({@code status_listen_host}, {@code status_listen_port}). The status
 * endpoint starts with the service and stops when the host closes it.
 */
public final class NovaComputeAssistProvider implements HostServiceProvider<ComputeAssist> {

    @Override
    public Class<ComputeAssist> service() {
        return ComputeAssist.class;
    }

    @Override
    public String type() {
        return "nova";
    }

    @Override
    public ComputeAssist create(HostServiceSettings settings) {
        AuthenticatedHttp http = ServiceAccess.configure(settings, "compute", "nova_endpoint", "nova_token",
                ErrorCode.COMPUTE_SERVICE_ERROR);
        int port = number(settings, "status_listen_port", "8776", 0, 65535);
        int timeout = number(settings, "timeout_seconds", "60", 1, Integer.MAX_VALUE);
        SnapshotStatusBoard board = new SnapshotStatusBoard();
        SnapshotStatusEndpoint endpoint;
        try {
            endpoint = new SnapshotStatusEndpoint(
                    new InetSocketAddress(settings.string("status_listen_host", "127.0.0.1"), port), board);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, settings.describe("status_listen_port")
                    + ": cannot listen for Nova's status reports: " + e,
                    Map.of("option", settings.section() + ".status_listen_port"), e);
        }
        return new HostedNova(new NovaComputeAssist(http, Json.mapper(), board, Duration.ofSeconds(timeout)), endpoint);
    }

    private static int number(HostServiceSettings settings, String key, String fallback, int min, int max) {
        String text = settings.string(key, fallback);
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(settings, key, "'" + text + "' is not a whole number from " + min + " to " + max);
    }

    private static RemoteFsException invalid(HostServiceSettings settings, String key, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, settings.describe(key) + " is invalid: " + why,
                Map.of("option", settings.section() + "." + key));
    }

    /** Nova's client together with the endpoint that receives its reports, closed together. */
    private record HostedNova(NovaComputeAssist nova, SnapshotStatusEndpoint endpoint)
            implements ComputeAssist, AutoCloseable {

        @Override
        public void createSnapshot(String volumeId, Map<String, Object> createInfo) {
            nova.createSnapshot(volumeId, createInfo);
        }

        @Override
        public void deleteSnapshot(String snapshotId, Map<String, Object> deleteInfo) {
            nova.deleteSnapshot(snapshotId, deleteInfo);
        }

        @Override
        public SnapshotProgress status(String snapshotId) {
            return nova.status(snapshotId);
        }

        @Override
        public void close() {
            endpoint.close();
        }
    }
}
