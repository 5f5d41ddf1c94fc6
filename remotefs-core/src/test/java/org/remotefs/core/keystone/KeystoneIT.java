package org.remotefs.core.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.ImageService;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.core.compute.NovaComputeAssistProvider;
import org.remotefs.core.image.GlanceImageServiceProvider;
import org.remotefs.testing.FakeGlance;
import org.remotefs.testing.FakeKeystone;
import org.remotefs.testing.FakeNova;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The Glance and Nova clients authenticating with Keystone v3 as Cinder's keystoneauth1 sessions
 * do, against a Keystone stand-in over HTTPS (its own CA) whose tokens the Glance and Nova
 * stand-ins check: password and application credentials, endpoints from the catalog, renewal
 * before expiry and after a 401, TLS trust, and refused credentials that never show the secret.
 */
class KeystoneIT {
    private static final String PASSWORD = "Pw-4b1e9c-never-shown";
    private static final String CREDENTIAL_SECRET = "Ac-77d0f2-never-shown";
    private static final String IMAGE = "img-1";

    @TempDir
    static Path work;

    private static FakeGlance glance;
    private static FakeNova nova;
    private static int statusPort;
    private static FakeKeystone keystone;

    @BeforeAll
    static void start() throws Exception {
        glance = new FakeGlance().start();
        int closed = freePort();
        statusPort = freePort();
        nova = new FakeNova(Files.createDirectories(work.resolve("nova-share")))
                .withStatusEndpoint(URI.create("http://127.0.0.1:" + statusPort + "/v3/")).start();
        keystone = new FakeKeystone(work.resolve("keystone"))
                .withUser("cinder", PASSWORD)
                .withApplicationCredential("ac-1", "remotefs", "cinder", CREDENTIAL_SECRET)
                // the public image endpoint is unreachable: a client that takes it fails
                .withEndpoint("image", "public", URI.create("http://127.0.0.1:" + closed))
                .withEndpoint("image", "internal", glance.endpoint())
                .withEndpoint("compute", "public", nova.endpoint())
                .start();
        glance.acceptTokensOf(keystone);
        nova.acceptTokensOf(keystone);
        glance.put(IMAGE, "cirros", "raw", new byte[] {1, 2, 3});
    }

    @AfterAll
    static void stop() {
        keystone.close();
        nova.close();
        glance.close();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void longLivedTokens() {
        keystone.withTokenLifetime(Duration.ofHours(1));
    }

    private static Map<String, String> password() {
        Map<String, String> values = new HashMap<>();
        values.put("type", "glance");
        values.put("auth_type", "password");
        values.put("auth_url", keystone.authUrl().toString());
        values.put("username", "cinder");
        values.put("password", PASSWORD);
        values.put("user_domain_name", FakeKeystone.DOMAIN);
        values.put("project_name", FakeKeystone.PROJECT);
        values.put("project_domain_name", FakeKeystone.DOMAIN);
        values.put("valid_interfaces", "internal");
        values.put("region_name", FakeKeystone.REGION);
        values.put("cafile", keystone.caFile().toString());
        return values;
    }

    private static ImageService glanceWith(Map<String, String> values) {
        return new GlanceImageServiceProvider().create(
                new HostServiceSettings("remotefs.image_service", values, Map.of(), StopSignal.never()));
    }

    private static void assertNoSecretIn(RemoteFsException e) {
        assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain(CREDENTIAL_SECRET);
        assertThat(e.details().values()).noneMatch(v -> v.contains(PASSWORD) || v.contains(CREDENTIAL_SECRET));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD).doesNotContain(CREDENTIAL_SECRET);
        }
    }

    @Test
    void passwordAuthenticationFindsGlanceInTheCatalog() {
        Logger logger = (Logger) LoggerFactory.getLogger("org.remotefs.core.keystone");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        int issued = keystone.issued();
        int refusals = glance.refusals();
        try {
            ImageService images = glanceWith(password());

            assertThat(images.show(IMAGE).name()).isEqualTo("cirros");
            assertThat(images.show(IMAGE).size()).isEqualTo(3);
        } finally {
            logger.detachAppender(log);
            logger.setLevel(level);
        }
        assertThat(keystone.issued() - issued).as("one token for both calls").isEqualTo(1);
        assertThat(glance.refusals()).isEqualTo(refusals);
        assertThat(log.list).as("the token was logged, without the secret").isNotEmpty()
                .noneMatch(event -> event.getFormattedMessage().contains(PASSWORD));
    }

    @Test
    void applicationCredentialsByIdAndByName() {
        Map<String, String> byId = new HashMap<>(Map.of("type", "glance", "auth_type", "v3applicationcredential",
                "auth_url", keystone.authUrl().toString(), "application_credential_id", "ac-1",
                "application_credential_secret", CREDENTIAL_SECRET, "glance_endpoint", glance.endpoint().toString(),
                "cafile", keystone.caFile().toString()));
        Map<String, String> byName = new HashMap<>(Map.of("type", "glance", "auth_type", "v3applicationcredential",
                "auth_url", keystone.authUrl() + "/", "application_credential_name", "remotefs",
                "username", "cinder", "user_domain_name", FakeKeystone.DOMAIN,
                "application_credential_secret", CREDENTIAL_SECRET, "interface", "internal",
                "cafile", keystone.caFile().toString()));

        assertThat(glanceWith(byId).show(IMAGE).name()).isEqualTo("cirros");
        assertThat(glanceWith(byName).show(IMAGE).name()).isEqualTo("cirros");
    }

    @Test
    void theCatalogEndpointFollowsInterfaceAndRegion() {
        Map<String, String> publicOnly = password();
        publicOnly.put("valid_interfaces", "public");
        Map<String, String> otherRegion = password();
        otherRegion.put("region_name", "RegionTwo");
        Map<String, String> fallback = password();
        fallback.put("valid_interfaces", "admin,internal,public");

        RemoteFsException unreachable = catchThrowableOfType(() -> glanceWith(publicOnly).show(IMAGE),
                RemoteFsException.class);
        RemoteFsException none = catchThrowableOfType(() -> glanceWith(otherRegion).show(IMAGE),
                RemoteFsException.class);

        assertThat(unreachable.code()).as("the public endpoint was taken").isEqualTo(ErrorCode.IMAGE_SERVICE_ERROR);
        assertThat(none.code()).isEqualTo(ErrorCode.IMAGE_SERVICE_ERROR);
        assertThat(none.details()).containsEntry("service_type", "image");
        assertThat(glanceWith(fallback).show(IMAGE).name()).as("no admin endpoint: internal is next").isEqualTo("cirros");
    }

    @Test
    void aTokenIsRenewedBeforeItExpires() throws Exception {
        // half its life (1.5 s) leaves the first two calls time on a loaded machine
        keystone.withTokenLifetime(Duration.ofSeconds(3));
        ImageService images = glanceWith(password());
        int issued = keystone.issued();
        int refusals = glance.refusals();

        images.show(IMAGE);
        images.show(IMAGE);
        int afterTwoCalls = keystone.issued() - issued;
        Thread.sleep(1_700);
        images.show(IMAGE);

        assertThat(afterTwoCalls).as("the fresh token served both").isEqualTo(1);
        assertThat(keystone.issued() - issued).as("renewed in the last half of its life").isEqualTo(2);
        assertThat(glance.refusals()).as("never sent an expired token").isEqualTo(refusals);
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndTheCallRetried() {
        ImageService images = glanceWith(password());
        images.show(IMAGE);
        int issued = keystone.issued();
        int refusals = glance.refusals();
        keystone.revokeAll();

        assertThat(images.show(IMAGE).name()).isEqualTo("cirros");
        assertThat(glance.refusals() - refusals).isEqualTo(1);
        assertThat(keystone.issued() - issued).isEqualTo(1);
    }

    @Test
    void aServiceThatRefusesFreshTokensTooIsAnAuthenticationFailure() {
        try (FakeGlance refusing = new FakeGlance().withToken("not-a-keystone-token").start()) {
            Map<String, String> values = password();
            values.put("glance_endpoint", refusing.endpoint().toString());

            RemoteFsException e = catchThrowableOfType(() -> glanceWith(values).show(IMAGE), RemoteFsException.class);

            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(refusing.refusals()).as("tried once more, not again").isEqualTo(2);
            assertNoSecretIn(e);
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureNamingUserAndKeystone() {
        Map<String, String> values = password();
        values.put("password", "wrong-" + PASSWORD);
        int refused = keystone.refused();

        RemoteFsException e = catchThrowableOfType(() -> glanceWith(values).show(IMAGE), RemoteFsException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(e.details()).containsEntry("auth_url", keystone.authUrl().toString())
                .containsEntry("user", "user 'cinder' (domain Default)");
        assertThat(e.getMessage()).contains(keystone.authUrl().toString()).contains("cinder");
        assertThat(keystone.refused() - refused).isEqualTo(1);
        assertNoSecretIn(e);
    }

    @Test
    void withoutTheCaFileTheCertificateIsRefused() {
        Map<String, String> values = password();
        values.remove("cafile");
        Map<String, String> wrongCa = password();
        // the public CAs (Debian's ca-certificates, which the JDK needs): none signed the stand-in's certificate
        wrongCa.put("cafile", "/etc/ssl/certs/ca-certificates.crt");

        RemoteFsException jdkTrust = catchThrowableOfType(() -> glanceWith(values).show(IMAGE), RemoteFsException.class);
        RemoteFsException otherTrust = catchThrowableOfType(() -> glanceWith(wrongCa).show(IMAGE),
                RemoteFsException.class);

        for (RemoteFsException e : new RemoteFsException[] {jdkTrust, otherTrust}) {
            assertThat(e.code()).isEqualTo(ErrorCode.IMAGE_SERVICE_ERROR);
            assertThat(e.details()).containsEntry("tls", "refused");
            assertNoSecretIn(e);
        }
    }

    @Test
    void insecureIsAcceptedWithAWarning() {
        Logger logger = (Logger) LoggerFactory.getLogger(ServiceAccess.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        Map<String, String> values = password();
        values.remove("cafile");
        values.put("insecure", "true");
        try {
            assertThat(glanceWith(values).show(IMAGE).name()).isEqualTo("cirros");
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("remotefs.image_service").contains("insecure = true");
        });
    }

    @Test
    void novaIsCalledWithKeystoneTokensFromItsCatalogEndpoint() throws Exception {
        Map<String, String> values = password();
        values.putAll(Map.of("type", "nova", "valid_interfaces", "public",
                "status_listen_port", Integer.toString(statusPort)));
        ComputeAssist assist = new NovaComputeAssistProvider().create(
                new HostServiceSettings("remotefs.compute", values, Map.of(), StopSignal.never()));
        String volume = UUID.randomUUID().toString();
        String snapshot = UUID.randomUUID().toString();
        Map<String, Object> createInfo = Map.of("snapshot_id", snapshot, "type", "qcow2",
                "new_file", "volume-" + volume + "." + snapshot);
        int issued = keystone.issued();
        try {
            assist.createSnapshot(volume, createInfo);
            keystone.revokeAll();
            assist.createSnapshot(volume, createInfo);

            assertThat(nova.creates()).hasSize(2);
            assertThat(nova.refusals()).isEqualTo(1);
            assertThat(keystone.issued() - issued).isEqualTo(2);
            assertThat(assist.status(snapshot).status()).isEqualTo("creating");
        } finally {
            ((AutoCloseable) assist).close();
        }
    }
}
