package org.remotefs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for Nova's {@code os-assisted-volume-snapshots} API on 127.0.0.1 (a free port): it does
 * to the files on one share what libvirt would do to a running guest's disk (switch to the new
 * overlay; pull a base into the active image; commit an image into its base), with the real
 * {@code qemu-img}, then reports back to the Cinder-side status endpoint
 * ({@code os-update_snapshot_status}) over HTTP, as Nova does. {@code X-Auth-Token} is checked.
 *
 * <p>Needs {@code qemu-img} ({@code qemu-utils}); no root. Runs in this JVM (the JDK's HTTP server),
 * stopped by {@link #close()}.
 */
public final class FakeNova implements AutoCloseable {
    /** The token it accepts unless {@link #withToken} says otherwise. */
    public static final String TOKEN = "nova-token";

    private final Path share;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    /** The file each volume's guest writes to. */
    private final Map<String, String> activeFiles = new ConcurrentHashMap<>();
    private final List<JsonNode> creates = new CopyOnWriteArrayList<>();
    private final List<JsonNode> deletes = new CopyOnWriteArrayList<>();
    private URI statusEndpoint;
    private volatile Predicate<String> accepts = TOKEN::equals;
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile String failCreatesWith;
    private HttpServer server;
    private boolean running;

    /** @param share the directory whose files the guests' disks are */
    public FakeNova(Path share) {
        this.share = Objects.requireNonNull(share, "share");
    }

    /** Where the snapshot status reports go: Cinder's volume API, {@code http://127.0.0.1:PORT/v3/} (required). */
    public FakeNova withStatusEndpoint(URI statusEndpoint) {
        this.statusEndpoint = statusEndpoint;
        return this;
    }

    public FakeNova withToken(String token) {
        Objects.requireNonNull(token, "token");
        this.accepts = token::equals;
        return this;
    }

    /**
     * Accepts the tokens the Keystone stand-in issued while they are valid (refusing expired and
     * revoked ones with HTTP 401, as a service behind keystonemiddleware does) instead of one token.
     */
    public FakeNova acceptTokensOf(FakeKeystone keystone) {
        Objects.requireNonNull(keystone, "keystone");
        this.accepts = keystone::accepts;
        return this;
    }

    /** How many requests were refused with HTTP 401 for their token. */
    public int refusals() {
        return refusals.get();
    }

    public FakeNova start() {
        if (statusEndpoint == null) {
            throw new IllegalStateException("no status endpoint: call withStatusEndpoint first");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v2.1/os-assisted-volume-snapshots", this::handle);
        server.start();
        running = true;
        return this;
    }

    /** Nova's compute API, {@code http://127.0.0.1:PORT/v2.1}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2.1");
    }

    /** A guest now writes to this file of the volume (its active image). */
    public void attach(String volumeId, String file) {
        activeFiles.put(volumeId, file);
    }

    /** The file the volume's guest writes to now. */
    public String activeFile(String volumeId) {
        return activeFiles.get(volumeId);
    }

    /** Each snapshot create request's {@code snapshot} object, in order. */
    public List<JsonNode> creates() {
        return Collections.unmodifiableList(creates);
    }

    /** Each snapshot delete request's {@code delete_info}, in order. */
    public List<JsonNode> deletes() {
        return Collections.unmodifiableList(deletes);
    }

    /** From now on a create changes no file and reports this status (Nova's {@code error}, say); null: works again. */
    public void failCreatesWith(String status) {
        this.failCreatesWith = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!accepts.test(exchange.getRequestHeaders().getFirst("X-Auth-Token"))) {
                refusals.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (exchange.getRequestMethod().equals("POST")) {
                JsonNode snapshot = json.readTree(exchange.getRequestBody()).path("snapshot");
                creates.add(snapshot);
                String volumeId = snapshot.path("volume_id").asText();
                JsonNode info = snapshot.path("create_info");
                String snapshotId = info.path("snapshot_id").asText();
                String failure = failCreatesWith;
                if (failure != null) {
                    report(snapshotId, failure, null);
                } else {
                    activeFiles.put(volumeId, info.path("new_file").asText());
                    report(snapshotId, "creating", "90%");
                }
                byte[] body = json.writeValueAsBytes(Map.of("snapshot", Map.of("id", snapshotId, "volumeId", volumeId)));
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } else if (exchange.getRequestMethod().equals("DELETE")) {
                String path = exchange.getRequestURI().getPath();
                String snapshotId = path.substring(path.lastIndexOf('/') + 1);
                String query = exchange.getRequestURI().getRawQuery();
                JsonNode info = json.readTree(URLDecoder.decode(query.substring("delete_info=".length()),
                        StandardCharsets.UTF_8));
                deletes.add(info);
                merge(info);
                report(snapshotId, "deleting", "90%");
                exchange.sendResponseHeaders(202, -1);
            } else {
                exchange.sendResponseHeaders(405, -1);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(500, -1);
        }
    }

    /** What libvirt's blockRebase / blockCommit do to the files. */
    private void merge(JsonNode info) throws IOException {
        String volumeId = info.path("volume_id").asText();
        String active = activeFiles.get(volumeId);
        JsonNode toMerge = info.get("file_to_merge");
        JsonNode target = info.get("merge_target_file");
        if (target == null || target.isNull()) {
            // pull: the active image takes the data above its new base (none: everything)
            if (toMerge == null || toMerge.isNull()) {
                Commands.run(List.of("qemu-img", "rebase", "-f", "qcow2", "-b", "", share.resolve(active).toString()));
            } else {
                String format = qemuImgInfo(toMerge.asText()).get("format").asText();
                Commands.run(List.of("qemu-img", "rebase", "-f", "qcow2", "-b", toMerge.asText(), "-F", format,
                        share.resolve(active).toString()));
            }
        } else {
            // commit: the image merges into its base, and the image above it points at the base
            String top = toMerge.asText();
            String format = qemuImgInfo(target.asText()).get("format").asText();
            Commands.run(List.of("qemu-img", "commit", "-f", "qcow2", "-d", share.resolve(top).toString()));
            for (String candidate : share.toFile().list()) {
                if (candidate.startsWith("volume-" + volumeId + ".") && !candidate.endsWith(".info")
                        && top.equals(qemuImgInfo(candidate).path("backing-filename").asText())) {
                    Commands.run(List.of("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", target.asText(), "-F", format,
                            share.resolve(candidate).toString()));
                }
            }
        }
    }

    private JsonNode qemuImgInfo(String file) throws IOException {
        Commands.Result result = Commands.exec(List.of("qemu-img", "info", "--output=json", share.resolve(file).toString()));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("qemu-img info failed: " + result.output());
        }
        return json.readTree(result.output());
    }

    /** Nova's call to Cinder's os-update_snapshot_status. */
    private void report(String snapshotId, String status, String progress) throws IOException, InterruptedException {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("status", status);
        update.put("progress", progress);
        HttpRequest request = HttpRequest.newBuilder(statusEndpoint.resolve("project-1/snapshots/" + snapshotId + "/action"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(
                        Map.of("os-update_snapshot_status", update))))
                .build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 202) {
            throw new IOException("status endpoint answered " + response.statusCode());
        }
    }

    /** Stops the server (in this JVM: no process to stop); its endpoint stays known, unreachable. */
    @Override
    public void close() {
        if (running) {
            server.stop(0);
            running = false;
        }
    }
}
