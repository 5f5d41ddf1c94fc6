package org.remotefs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for Glance's image API v2 on 127.0.0.1 (a free port): images in memory,
 * {@code X-Auth-Token} checked, the four calls remotefs makes ({@code POST /v2/images},
 * {@code GET /v2/images/{id}}, {@code GET} and {@code PUT /v2/images/{id}/file}).
 *
 * <p>Needs nothing but the JDK. Runs in this JVM (the JDK's HTTP server), stopped by {@link #close()}.
 */
public final class FakeGlance implements AutoCloseable {
    /** The token it accepts unless {@link #withToken} says otherwise. */
    public static final String TOKEN = "test-token";

    /** An image: its data is null until uploaded. */
    public record Image(String name, String diskFormat, byte[] data) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Image> images = new ConcurrentHashMap<>();
    private volatile Predicate<String> accepts = TOKEN::equals;
    private final AtomicInteger refusals = new AtomicInteger();
    private volatile int failWith;
    private HttpServer server;
    private boolean running;

    public FakeGlance withToken(String token) {
        Objects.requireNonNull(token, "token");
        this.accepts = token::equals;
        return this;
    }

    /**
     * Accepts the tokens the Keystone stand-in issued while they are valid (refusing expired and
     * revoked ones with HTTP 401, as a service behind keystonemiddleware does) instead of one token.
     */
    public FakeGlance acceptTokensOf(FakeKeystone keystone) {
        Objects.requireNonNull(keystone, "keystone");
        this.accepts = keystone::accepts;
        return this;
    }

    /** How many requests were refused with HTTP 401 for their token. */
    public int refusals() {
        return refusals.get();
    }

    public FakeGlance start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v2/images", this::handle);
        server.start();
        running = true;
        return this;
    }

    /** Glance's endpoint, {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stores an image, as if uploaded. */
    public void put(String id, String name, String diskFormat, byte[] data) {
        images.put(id, new Image(name, diskFormat, data));
    }

    /** The image with this id; null when there is none. */
    public Image image(String id) {
        return images.get(id);
    }

    /** Answers every request with this HTTP status from now on; 0 to stop. */
    public void failWith(int status) {
        failWith = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!accepts.test(exchange.getRequestHeaders().getFirst("X-Auth-Token"))) {
                refusals.incrementAndGet();
                send(exchange, 401, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (failWith != 0) {
                send(exchange, failWith, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String method = exchange.getRequestMethod();
            if (parts.length == 3 && method.equals("POST")) {
                JsonNode body = json.readTree(exchange.getRequestBody());
                String id = UUID.randomUUID().toString();
                images.put(id, new Image(body.path("name").asText(), body.path("disk_format").asText(), null));
                send(exchange, 201, metadata(id));
                return;
            }
            String id = parts.length > 3 ? parts[3] : "";
            Image image = images.get(id);
            if (image == null) {
                send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8));
            } else if (parts.length == 4 && method.equals("GET")) {
                send(exchange, 200, metadata(id));
            } else if (parts.length == 5 && method.equals("GET")) {
                send(exchange, 200, image.data());
            } else if (parts.length == 5 && method.equals("PUT")) {
                try (InputStream in = exchange.getRequestBody()) {
                    images.put(id, new Image(image.name(), image.diskFormat(), in.readAllBytes()));
                }
                exchange.sendResponseHeaders(204, -1);
            } else {
                send(exchange, 405, "{}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private byte[] metadata(String id) throws IOException {
        Image image = images.get(id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("name", image.name());
        body.put("disk_format", image.diskFormat());
        body.put("container_format", "bare");
        body.put("size", image.data() == null ? null : image.data().length);
        body.put("status", image.data() == null ? "queued" : "active");
        return json.writeValueAsBytes(body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body == null || body.length == 0 ? -1 : body.length);
        if (body != null && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
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
