package org.remotefs.core.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.remotefs.core.json.Json;

/** Keystone v3's token answer: the header's token, the body's times and its catalog. */
class TokenResponseTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-30T11:00:00Z");
    private final TokenResponse response = new TokenResponse(Json.mapper());

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTimesAndEveryEndpointOfTheCatalog() {
        KeystoneToken token = response.parse("gAAAA-token", body("""
                {"token": {"methods": ["password"], "issued_at": "2026-11-30T10:59:59.123456Z",
                  "expires_at": "2026-11-30T11:59:59.123456Z",
                  "catalog": [
                    {"type": "image", "name": "glance", "endpoints": [
                      {"interface": "public", "region_id": "RegionOne", "region": "RegionOne", "url": "https://glance.example:9292"},
                      {"interface": "internal", "region": "RegionTwo", "url": "http://glance.internal:9292"}]},
                    {"type": "compute", "name": "nova", "endpoints": [
                      {"interface": "public", "region_id": "RegionOne", "url": "https://nova.example:8774/v2.1"},
                      {"interface": "public", "region_id": "RegionOne", "url": ""}]}]}}
                """), RECEIVED);

        assertThat(token.value()).isEqualTo("gAAAA-token");
        assertThat(token.issuedAt()).isEqualTo(Instant.parse("2026-11-30T10:59:59.123456Z"));
        assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-11-30T11:59:59.123456Z"));
        assertThat(token.catalog().endpoints()).containsExactly(
                new ServiceCatalog.Endpoint("image", "public", "RegionOne", URI.create("https://glance.example:9292")),
                new ServiceCatalog.Endpoint("image", "internal", "RegionTwo", URI.create("http://glance.internal:9292")),
                new ServiceCatalog.Endpoint("compute", "public", "RegionOne",
                        URI.create("https://nova.example:8774/v2.1")));
        assertThat(token.toString()).doesNotContain("gAAAA-token");
    }

    @Test
    void anOffsetOrNoZoneIsUnderstoodAndAMissingIssueTimeIsTheReceipt() {
        KeystoneToken withOffset = response.parse("t", body("""
                {"token": {"expires_at": "2026-11-30T13:00:00+01:00"}}"""), RECEIVED);
        KeystoneToken withoutZone = response.parse("t", body("""
                {"token": {"expires_at": "2026-11-30T12:00:00.000000"}}"""), RECEIVED);

        assertThat(withOffset.expiresAt()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(withoutZone.expiresAt()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(withOffset.issuedAt()).isEqualTo(RECEIVED);
        assertThat(withOffset.catalog().endpoints()).isEmpty();
    }

    @Test
    void anAnswerWithoutTokenHeaderOrExpiryIsRefused() {
        byte[] good = body("{\"token\": {\"expires_at\": \"2026-11-30T12:00:00Z\"}}");

        assertThatThrownBy(() -> response.parse(null, good, RECEIVED)).hasMessageContaining("X-Subject-Token");
        assertThatThrownBy(() -> response.parse("t", body("{\"token\": {}}"), RECEIVED))
                .hasMessageContaining("expires_at");
        assertThatThrownBy(() -> response.parse("t", body("<html>"), RECEIVED)).hasMessageContaining("JSON");
        assertThatThrownBy(() -> response.parse("t", body("{\"error\": {}}"), RECEIVED))
                .hasMessageContaining("\"token\"");
    }

    @Test
    void theCatalogPicksByInterfaceOrderThenRegion() {
        ServiceCatalog catalog = new ServiceCatalog(List.of(
                new ServiceCatalog.Endpoint("image", "public", "RegionOne", URI.create("https://one.public")),
                new ServiceCatalog.Endpoint("image", "internal", "RegionOne", URI.create("http://one.internal")),
                new ServiceCatalog.Endpoint("image", "internal", "RegionTwo", URI.create("http://two.internal")),
                new ServiceCatalog.Endpoint("compute", "admin", "RegionOne", URI.create("http://nova.admin"))));

        assertThat(catalog.find("image", List.of("internal", "public"), "")).contains(URI.create("http://one.internal"));
        assertThat(catalog.find("image", List.of("internal"), "RegionTwo")).contains(URI.create("http://two.internal"));
        assertThat(catalog.find("image", List.of("admin", "public"), "RegionOne"))
                .contains(URI.create("https://one.public"));
        assertThat(catalog.find("image", List.of("public"), "RegionTwo")).isEmpty();
        assertThat(catalog.find("volumev3", List.of("public"), "")).isEmpty();
    }
}
