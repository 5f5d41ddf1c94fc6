package org.remotefs.core.compute;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Receives what Nova sends Cinder about assisted snapshots: Cinder's
 * {@code POST /v3/{project}/snapshots/{snapshot id}/action} with
 * {@code {"os-update_snapshot_status": {"status": ..., "progress": ...}}}, answered {@code 202}, and
 * posts it on a {@link SnapshotStatusBoard}. Listens where it is told (loopback in tests).
 */
public final class SnapshotStatusEndpoint implements AutoCloseable {
    private static final Pattern ACTION = Pattern.compile("/v[23]/[^/]+/snapshots/([0-9a-fA-F-]{36})/action");

    private final HttpServer server;
    private final ExecutorService executor;
    private final SnapshotStatusBoard board;

    public SnapshotStatusEndpoint(InetSocketAddress address, SnapshotStatusBoard board) throws IOException {
        this.board = board;
        this.server = HttpServer.create(address, 0);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "snapshot-status-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where Nova must send its reports, without the project part: {@code http://host:port/v3/}. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/v3/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            Matcher matcher = ACTION.matcher(exchange.getRequestURI().getPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !matcher.matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode update = Json.mapper().readTree(body).path("os-update_snapshot_status");
            if (!update.path("status").isTextual()) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            board.update(matcher.group(1).toLowerCase(java.util.Locale.ROOT), update.path("status").asText(),
                    update.path("progress").isTextual() ? update.path("progress").asText() : null);
            exchange.sendResponseHeaders(202, -1);
        } catch (IOException | RuntimeException e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
