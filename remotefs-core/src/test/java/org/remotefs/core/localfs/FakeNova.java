package org.remotefs.core.localfs;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Nova stand-in on 127.0.0.1 for {@code os-assisted-volume-snapshots}: it does to the files what
 * libvirt would do to a running guest's disk (switch to the new overlay; pull a base into the
 * active image; commit an image into its base), with a real qemu-img, then reports back to the
 * Cinder-side status endpoint over HTTP, as Nova does.
 */
final class FakeNova implements AutoCloseable {
    static final String TOKEN = "nova-token";

    private final HttpServer server;
    private final Path share;
    private final URI statusEndpoint;
    private final HttpClient client = HttpClient.newHttpClient();
    /** The file each volume's guest writes to. */
    private final Map<String, String> activeFiles = new ConcurrentHashMap<>();
    final List<JsonNode> creates = new CopyOnWriteArrayList<>();
    final List<JsonNode> deletes = new CopyOnWriteArrayList<>();
    volatile String failCreateWith;

    FakeNova(Path share, URI statusEndpoint) throws IOException {
        this.share = share;
        this.statusEndpoint = statusEndpoint;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2.1/os-assisted-volume-snapshots", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2.1");
    }

    void attach(String volumeId, String file) {
        activeFiles.put(volumeId, file);
    }

    String activeFile(String volumeId) {
        return activeFiles.get(volumeId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Auth-Token"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (exchange.getRequestMethod().equals("POST")) {
                JsonNode snapshot = Json.mapper().readTree(exchange.getRequestBody()).path("snapshot");
                creates.add(snapshot);
                String volumeId = snapshot.path("volume_id").asText();
                JsonNode info = snapshot.path("create_info");
                String snapshotId = info.path("snapshot_id").asText();
                if (failCreateWith != null) {
                    report(snapshotId, failCreateWith, null);
                } else {
                    activeFiles.put(volumeId, info.path("new_file").asText());
                    report(snapshotId, "creating", "90%");
                }
                byte[] body = Json.mapper().writeValueAsBytes(Map.of("snapshot", Map.of("id", snapshotId,
                        "volumeId", volumeId)));
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                String path = exchange.getRequestURI().getPath();
                String snapshotId = path.substring(path.lastIndexOf('/') + 1);
                String query = exchange.getRequestURI().getRawQuery();
                JsonNode info = Json.mapper().readTree(URLDecoder.decode(query.substring("delete_info=".length()),
                        StandardCharsets.UTF_8));
                deletes.add(info);
                merge(info);
                report(snapshotId, "deleting", "90%");
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(405, -1);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            exchange.sendResponseHeaders(500, -1);
        }
    }

    /** What libvirt's blockRebase / blockCommit do to the files. */
    private void merge(JsonNode info) throws IOException, InterruptedException {
        String volumeId = info.path("volume_id").asText();
        String active = activeFiles.get(volumeId);
        JsonNode toMerge = info.get("file_to_merge");
        JsonNode target = info.get("merge_target_file");
        if (target == null || target.isNull()) {
            // pull: the active image takes the data above its new base (none: everything)
            if (toMerge == null || toMerge.isNull()) {
                LocalFsFixture.run("qemu-img", "rebase", "-f", "qcow2", "-b", "", share.resolve(active).toString());
            } else {
                String format = LocalFsFixture.qemuImgInfo(share.resolve(toMerge.asText())).get("format").asText();
                LocalFsFixture.run("qemu-img", "rebase", "-f", "qcow2", "-b", toMerge.asText(), "-F", format,
                        share.resolve(active).toString());
            }
        } else {
            // commit: the image merges into its base, and the image above it points at the base
            String top = toMerge.asText();
            String format = LocalFsFixture.qemuImgInfo(share.resolve(target.asText())).get("format").asText();
            LocalFsFixture.run("qemu-img", "commit", "-f", "qcow2", "-d", share.resolve(top).toString());
            for (String candidate : share.toFile().list()) {
                if (candidate.startsWith("volume-" + volumeId + ".") && !candidate.endsWith(".info")) {
                    JsonNode image = LocalFsFixture.qemuImgInfo(share.resolve(candidate));
                    if (top.equals(image.path("backing-filename").asText())) {
                        LocalFsFixture.run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", target.asText(), "-F", format,
                                share.resolve(candidate).toString());
                    }
                }
            }
        }
    }

    /** Nova's call to Cinder's os-update_snapshot_status. */
    private void report(String snapshotId, String status, String progress) throws IOException, InterruptedException {
        Map<String, Object> update = new java.util.LinkedHashMap<>();
        update.put("status", status);
        update.put("progress", progress);
        HttpRequest request = HttpRequest.newBuilder(statusEndpoint.resolve("project-1/snapshots/" + snapshotId + "/action"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(
                        Map.of("os-update_snapshot_status", update))))
                .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 202) {
            throw new IOException("status endpoint answered " + response.statusCode());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
