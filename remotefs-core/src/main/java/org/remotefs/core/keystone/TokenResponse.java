package org.remotefs.core.keystone;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads Keystone v3's answer to {@code POST /v3/auth/tokens}: the header's token, the body's expiry and catalog. */
public final class TokenResponse {
    private final ObjectMapper mapper;

    public TokenResponse(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The token.
     *
     * @param subjectToken the {@code X-Subject-Token} header (null when missing)
     * @param body         the JSON body, {@code {"token": {"expires_at", "issued_at", "catalog"}}}
     * @param receivedAt   when the answer arrived, the issue time when the body gives none
     * @throws IllegalArgumentException when the answer is not a token (the message says what is missing)
     */
    public KeystoneToken parse(String subjectToken, byte[] body, Instant receivedAt) {
        if (subjectToken == null || subjectToken.isBlank()) {
            throw new IllegalArgumentException("no X-Subject-Token header");
        }
        JsonNode token;
        try {
            token = mapper.readTree(body).path("token");
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON", e);
        }
        if (!token.isObject()) {
            throw new IllegalArgumentException("the body has no \"token\" object");
        }
        Instant expiresAt = instant(token, "expires_at", null);
        Instant issuedAt = instant(token, "issued_at", receivedAt);
        if (issuedAt.isAfter(expiresAt)) {
            issuedAt = receivedAt;
        }
        return new KeystoneToken(subjectToken.strip(), issuedAt, expiresAt, catalog(token.path("catalog")));
    }

    private static ServiceCatalog catalog(JsonNode catalog) {
        List<ServiceCatalog.Endpoint> endpoints = new ArrayList<>();
        for (JsonNode service : catalog) {
            String type = service.path("type").asText("");
            for (JsonNode endpoint : service.path("endpoints")) {
                String url = endpoint.path("url").asText("");
                if (url.isEmpty()) {
                    continue;
                }
                String region = endpoint.hasNonNull("region_id") ? endpoint.get("region_id").asText()
                        : endpoint.path("region").asText("");
                try {
                    endpoints.add(new ServiceCatalog.Endpoint(type, endpoint.path("interface").asText(""), region,
                            URI.create(url)));
                } catch (IllegalArgumentException e) {
                    // an endpoint that is no URL cannot be called; the others still can
                }
            }
        }
        return new ServiceCatalog(endpoints);
    }

    private static Instant instant(JsonNode token, String field, Instant fallback) {
        String text = token.path(field).asText("");
        if (text.isEmpty()) {
            if (fallback == null) {
                throw new IllegalArgumentException("the token has no " + field);
            }
            return fallback;
        }
        try {
            // Keystone writes 2026-11-30T12:00:00.000000Z; an offset-less time is UTC
            return Instant.parse(text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? text : text + "Z");
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("the token's " + field + " is not a time: " + text, again);
            }
        }
    }
}
