package org.remotefs.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Stands in for Keystone's identity API v3 over HTTPS on 127.0.0.1 (a free port):
 * {@code POST /v3/auth/tokens} with the {@code password} or {@code application_credential} method,
 * answering a token in {@code X-Subject-Token}, its {@code expires_at} and a service catalog, as
 * Keystone does; wrong credentials get HTTP 401. {@link FakeGlance} and {@link FakeNova} accept its
 * tokens ({@code acceptTokensOf}) until they expire or are {@linkplain #revokeAll() revoked}.
 *
 * <p>Its certificate is signed by a CA made for it at {@link #start()} with the JDK's {@code keytool}
 * (EC keys, valid two days, the server's for IP 127.0.0.1), written to the work directory:
 * {@link #caFile()} is that CA's PEM file, for a client's {@code cafile}. Needs nothing but the JDK.
 * Runs in this JVM (the JDK's HTTPS server), stopped by {@link #close()}.
 */
public final class FakeKeystone implements AutoCloseable {
    /** The domain users and the project live in (name; its id is {@code default}). */
    public static final String DOMAIN = "Default";
    /** The one project (its id is {@code PROJECT_ID}). */
    public static final String PROJECT = "service";
    public static final String PROJECT_ID = "0f5b2c6e9a7d4f1b8c3e2a1d0b9c8e7f";
    /** The region of every catalog endpoint. */
    public static final String REGION = "RegionOne";
    private static final String STORE_PASSWORD = "fake-keystone-store";
    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private record User(String id, String password) {
    }

    private record Credential(String id, String name, String user, String secret) {
    }

    private record Endpoint(String type, String interfaceName, URI url) {
    }

    private final Path work;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final List<Credential> credentials = new ArrayList<>();
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final List<String> everIssued = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile Duration lifetime = Duration.ofHours(1);
    private HttpsServer server;
    private boolean running;

    /** @param work a directory of the test's for the CA's and the server's key stores */
    public FakeKeystone(Path work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    /** A user of {@link #DOMAIN} with a role in {@link #PROJECT}. */
    public FakeKeystone withUser(String name, String password) {
        users.put(name, new User(UUID.randomUUID().toString().replace("-", ""), password));
        return this;
    }

    /** An application credential of a user (added with {@link #withUser}), for {@link #PROJECT}. */
    public FakeKeystone withApplicationCredential(String id, String name, String user, String secret) {
        credentials.add(new Credential(id, name, user, secret));
        return this;
    }

    /** How long a token is valid from its issue (one hour unless set). */
    public FakeKeystone withTokenLifetime(Duration lifetime) {
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        return this;
    }

    /** A catalog endpoint ({@code image}, {@code compute}; {@code public}, {@code internal}) in {@link #REGION}. */
    public FakeKeystone withEndpoint(String type, String interfaceName, URI url) {
        endpoints.add(new Endpoint(type, interfaceName, url));
        return this;
    }

    public FakeKeystone start() {
        SSLContext tls = serverTls();
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/v3/auth/tokens", this::handle);
        server.start();
        running = true;
        return this;
    }

    /** The identity API, {@code https://127.0.0.1:PORT/v3}. */
    public URI authUrl() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v3");
    }

    /** The PEM file of the CA that signed the server's certificate. */
    public Path caFile() {
        return work.resolve("ca.pem");
    }

    /** Whether a service should take this token: issued here, not expired, not revoked. */
    public boolean accepts(String token) {
        Instant expires = token == null ? null : tokens.get(token);
        return expires != null && Instant.now().isBefore(expires);
    }

    /** Every token issued so far is refused from now on (as after a revocation or a Keystone restart). */
    public void revokeAll() {
        tokens.clear();
    }

    /** How many tokens were issued. */
    public int issued() {
        return issued.get();
    }

    /** Every token issued so far, revoked and expired ones too (to search output for them). */
    public List<String> issuedTokens() {
        return List.copyOf(everIssued);
    }

    /** How many authentication requests were refused (HTTP 401). */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, Map.of("error", Map.of("code", 405, "title", "Method Not Allowed")), null);
                return;
            }
            JsonNode identity;
            try (InputStream in = exchange.getRequestBody()) {
                identity = json.readTree(in).path("auth").path("identity");
            }
            String user = authenticate(identity);
            if (user == null) {
                refused.incrementAndGet();
                send(exchange, 401, Map.of("error", Map.of("code", 401, "title", "Unauthorized",
                        "message", "The request you have made requires authentication.")), null);
                return;
            }
            Instant now = Instant.now();
            Instant expires = now.plus(lifetime);
            String token = "gAAAA" + UUID.randomUUID().toString().replace("-", "");
            tokens.put(token, expires);
            everIssued.add(token);
            issued.incrementAndGet();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("methods", List.of(identity.path("methods").path(0).asText()));
            body.put("user", Map.of("id", users.get(user).id(), "name", user,
                    "domain", Map.of("id", "default", "name", DOMAIN)));
            body.put("project", Map.of("id", PROJECT_ID, "name", PROJECT,
                    "domain", Map.of("id", "default", "name", DOMAIN)));
            body.put("issued_at", KEYSTONE_TIME.format(now));
            body.put("expires_at", KEYSTONE_TIME.format(expires));
            body.put("catalog", catalog());
            send(exchange, 201, Map.of("token", body), token);
        }
    }

    /** The user's name when the identity is good; null when not. */
    private String authenticate(JsonNode identity) {
        String method = identity.path("methods").path(0).asText();
        if (method.equals("password")) {
            JsonNode user = identity.path("password").path("user");
            String name = userName(user);
            return name != null && users.get(name).password().equals(user.path("password").asText()) ? name : null;
        }
        if (method.equals("application_credential")) {
            JsonNode given = identity.path("application_credential");
            for (Credential credential : credentials) {
                boolean named = given.has("id") ? credential.id().equals(given.path("id").asText())
                        : credential.name().equals(given.path("name").asText())
                        && credential.user().equals(userName(given.path("user")));
                if (named && credential.secret().equals(given.path("secret").asText())) {
                    return credential.user();
                }
            }
        }
        return null;
    }

    /** A user given by id, or by name in the domain given by name or id; null when unknown. */
    private String userName(JsonNode user) {
        if (user.has("id")) {
            return users.entrySet().stream().filter(e -> e.getValue().id().equals(user.path("id").asText()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
        }
        JsonNode domain = user.path("domain");
        boolean inDomain = DOMAIN.equals(domain.path("name").asText()) || "default".equals(domain.path("id").asText());
        String name = user.path("name").asText();
        return inDomain && users.containsKey(name) ? name : null;
    }

    private List<Object> catalog() {
        Map<String, List<Map<String, Object>>> byType = new LinkedHashMap<>();
        for (Endpoint endpoint : endpoints) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", UUID.randomUUID().toString().replace("-", ""));
            entry.put("interface", endpoint.interfaceName());
            entry.put("region_id", REGION);
            entry.put("region", REGION);
            entry.put("url", endpoint.url().toString());
            byType.computeIfAbsent(endpoint.type(), t -> new ArrayList<>()).add(entry);
        }
        List<Object> catalog = new ArrayList<>();
        byType.forEach((type, list) -> catalog.add(Map.of("type", type, "name", type + "-service",
                "id", UUID.randomUUID().toString().replace("-", ""), "endpoints", list)));
        return catalog;
    }

    private void send(HttpExchange exchange, int status, Object body, String token) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (token != null) {
            exchange.getResponseHeaders().set("X-Subject-Token", token);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A CA and a server certificate for 127.0.0.1 signed by it, made with keytool; the server's key in TLS. */
    private SSLContext serverTls() {
        Path ca = work.resolve("ca.p12");
        Path server = work.resolve("server.p12");
        Path request = work.resolve("server.csr");
        Path signed = work.resolve("server.pem");
        try {
            Files.createDirectories(work);
            for (Path file : List.of(ca, server, request, signed, caFile())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keytool("-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-dname", "CN=FakeKeystone test CA",
                "-ext", "bc:c", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");
        keytool("-exportcert", "-rfc", "-keystore", ca.toString(), "-alias", "ca", "-file", caFile().toString());
        keytool("-genkeypair", "-keystore", server.toString(), "-alias", "server", "-dname", "CN=127.0.0.1",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2");
        keytool("-certreq", "-keystore", server.toString(), "-alias", "server", "-file", request.toString());
        keytool("-gencert", "-rfc", "-keystore", ca.toString(), "-alias", "ca", "-infile", request.toString(),
                "-outfile", signed.toString(), "-ext", "san=ip:127.0.0.1", "-ext", "eku=serverAuth", "-validity", "2");
        keytool("-importcert", "-noprompt", "-keystore", server.toString(), "-alias", "ca", "-file", caFile().toString());
        keytool("-importcert", "-keystore", server.toString(), "-alias", "server", "-file", signed.toString());
        try (InputStream in = Files.newInputStream(server)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, STORE_PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, STORE_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the server's key", e);
        }
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // seven short-lived JVMs: the quick compiler and a small collector take a fifth of the time
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD));
        Commands.run(command);
    }

    /** Stops the server (in this JVM: no process to stop); its URL stays known, unreachable. */
    @Override
    public void close() {
        if (running) {
            server.stop(0);
            running = false;
        }
    }
}
