package org.remotefs.core.compute;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ComputeAssist;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Nova's {@code os-assisted-volume-snapshots} over HTTP, as Cinder's Nova client calls it:
 * {@code POST /os-assisted-volume-snapshots} with {@code {"snapshot": {"volume_id", "create_info"}}}
 * and {@code DELETE /os-assisted-volume-snapshots/{id}?delete_info=<json>}, authenticated by
 * {@code X-Auth-Token}. Statuses come from a {@link SnapshotStatusBoard} (fed by Nova through a
 * {@link SnapshotStatusEndpoint}, or by the host).
 */
public final class NovaComputeAssist implements ComputeAssist {
    private final HttpClient client;
    private final URI endpoint;
    private final String token;
    private final ObjectMapper mapper;
    private final SnapshotStatusBoard board;
    private final Duration timeout;

    public NovaComputeAssist(HttpClient client, URI endpoint, String token, ObjectMapper mapper,
                             SnapshotStatusBoard board, Duration timeout) {
        this.client = client;
        this.endpoint = URI.create(endpoint.toString().replaceAll("/+$", "") + "/");
        this.token = token;
        this.mapper = mapper;
        this.board = board;
        this.timeout = timeout;
    }

    @Override
    public void createSnapshot(String volumeId, Map<String, Object> createInfo) {
        Map<String, Object> body = Map.of("snapshot", Map.of("volume_id", volumeId, "create_info", createInfo));
        try {
            send(request("os-assisted-volume-snapshots").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))).build(), volumeId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deleteSnapshot(String snapshotId, Map<String, Object> deleteInfo) {
        try {
            String query = "?delete_info=" + URLEncoder.encode(mapper.writeValueAsString(deleteInfo), StandardCharsets.UTF_8);
            send(request("os-assisted-volume-snapshots/" + snapshotId + query).DELETE().build(), snapshotId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SnapshotProgress status(String snapshotId) {
        return board.status(snapshotId);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(endpoint.resolve(path)).timeout(timeout).header("X-Auth-Token", token)
                .header("Accept", "application/json");
    }

    private void send(HttpRequest request, String id) {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR,
                    request.method() + " " + request.uri() + " failed: " + e, Map.of("id", id), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR, "interrupted: " + request.uri(), Map.of("id", id), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR,
                    request.method() + " " + request.uri().getPath() + " answered HTTP " + response.statusCode()
                            + ": " + response.body(), Map.of("id", id, "status", Integer.toString(response.statusCode())));
        }
    }
}
