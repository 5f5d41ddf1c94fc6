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
import org.remotefs.core.keystone.AuthenticatedHttp;
import org.remotefs.core.keystone.IoFailures;
import org.remotefs.core.keystone.StaticToken;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Nova's {@code os-assisted-volume-snapshots} over HTTP, as Cinder's Nova client calls it:
 * {@code POST /os-assisted-volume-snapshots} with {@code {"snapshot": {"volume_id", "create_info"}}}
 * and {@code DELETE /os-assisted-volume-snapshots/{id}?delete_info=<json>}, authenticated by
 * {@code X-Auth-Token} (a static token or Keystone's, see {@link AuthenticatedHttp}). Statuses
 * come from a {@link SnapshotStatusBoard} (fed by Nova through a {@link SnapshotStatusEndpoint},
 * or by the host).
 */
public final class NovaComputeAssist implements ComputeAssist {
    private final AuthenticatedHttp http;
    private final ObjectMapper mapper;
    private final SnapshotStatusBoard board;
    private final Duration timeout;

    /** With a static token. */
    public NovaComputeAssist(HttpClient client, URI endpoint, String token, ObjectMapper mapper,
                             SnapshotStatusBoard board, Duration timeout) {
        this(new AuthenticatedHttp(client, new StaticToken(endpoint, token)), mapper, board, timeout);
    }

    /** With the endpoint and tokens {@code http} has (a static token or Keystone's). */
    public NovaComputeAssist(AuthenticatedHttp http, ObjectMapper mapper, SnapshotStatusBoard board,
                             Duration timeout) {
        this.http = http;
        this.mapper = mapper;
        this.board = board;
        this.timeout = timeout;
    }

    @Override
    public void createSnapshot(String volumeId, Map<String, Object> createInfo) {
        Map<String, Object> body = Map.of("snapshot", Map.of("volume_id", volumeId, "create_info", createInfo));
        try {
            byte[] bytes = mapper.writeValueAsBytes(body);
            send("POST", "os-assisted-volume-snapshots", HttpRequest.BodyPublishers.ofByteArray(bytes), volumeId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void deleteSnapshot(String snapshotId, Map<String, Object> deleteInfo) {
        try {
            String query = "?delete_info=" + URLEncoder.encode(mapper.writeValueAsString(deleteInfo), StandardCharsets.UTF_8);
            send("DELETE", "os-assisted-volume-snapshots/" + snapshotId + query, HttpRequest.BodyPublishers.noBody(),
                    snapshotId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SnapshotProgress status(String snapshotId) {
        return board.status(snapshotId);
    }

    /** One call (its in-memory body can be sent again, for a retry with a fresh token). */
    private void send(String method, String path, HttpRequest.BodyPublisher body, String id) {
        HttpResponse<String> response;
        try {
            response = http.send(base -> HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                    .header("Accept", "application/json").header("Content-Type", "application/json")
                    .method(method, body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR,
                    method + " " + http.where(path) + " failed: " + IoFailures.describe(e), Map.of("id", id), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR, "interrupted: " + method + " " + path,
                    Map.of("id", id), e);
        }
        HttpRequest request = response.request();
        if (response.statusCode() / 100 != 2) {
            throw new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR,
                    request.method() + " " + request.uri().getPath() + " answered HTTP " + response.statusCode()
                            + ": " + response.body(), Map.of("id", id, "status", Integer.toString(response.statusCode())));
        }
    }
}
