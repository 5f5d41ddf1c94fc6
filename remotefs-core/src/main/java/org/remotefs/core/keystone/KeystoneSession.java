package org.remotefs.core.keystone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

import javax.net.ssl.SSLException;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tokens from Keystone v3 ({@code POST /v3/auth/tokens}) for one set of credentials, kept until
 * they are due for renewal ({@link KeystoneToken#dueForRenewal}) or a service refuses them, as a
 * keystoneauth1 session keeps its plugin's token. Safe for concurrent use: one token at a time is
 * fetched. Failures are coded: refused credentials {@code AUTHENTICATION_FAILED}, anything else
 * (unreachable, an untrusted certificate, a malformed answer) the calling service's error code.
 * Messages name the {@code auth_url} and the user, never a secret or a token.
 */
public final class KeystoneSession {
    private static final Logger LOG = LoggerFactory.getLogger(KeystoneSession.class);

    private final HttpClient client;
    private final KeystoneOptions options;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ErrorCode serviceError;
    private KeystoneToken current;

    /**
     * @param serviceError the code of a failure that is not a refusal of the credentials
     *                     ({@code IMAGE_SERVICE_ERROR} for Glance's session, ...)
     */
    public KeystoneSession(HttpClient client, KeystoneOptions options, ObjectMapper mapper, Clock clock,
                           ErrorCode serviceError) {
        this.client = client;
        this.options = options;
        this.mapper = mapper;
        this.clock = clock;
        this.serviceError = serviceError;
    }

    public KeystoneOptions options() {
        return options;
    }

    /** A token that is not due for renewal, fetched when needed. */
    public synchronized KeystoneToken token() {
        if (current == null || current.dueForRenewal(clock.instant())) {
            current = authenticate();
        }
        return current;
    }

    /** A service refused {@code rejected}: a fresh token, unless another caller got one already. */
    public synchronized KeystoneToken renew(String rejected) {
        if (current == null || current.value().equals(rejected)) {
            current = authenticate();
        }
        return current;
    }

    /** The session's user and Keystone, for messages. */
    public String describe() {
        return options.who() + " at " + options.authUrl();
    }

    private KeystoneToken authenticate() {
        URI url = URI.create(options.authUrl() + "/auth/tokens");
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url).timeout(options.timeout())
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(AuthRequestBody.of(options))))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the authentication request", e);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFsException(serviceError, "interrupted while authenticating with Keystone at "
                    + options.authUrl(), details(), e);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RemoteFsException(ErrorCode.AUTHENTICATION_FAILED, "Keystone at " + options.authUrl()
                    + " refused the credentials of " + options.who() + " (HTTP " + status + ")", details());
        }
        if (status / 100 != 2) {
            throw new RemoteFsException(serviceError, "Keystone at " + options.authUrl() + " answered HTTP " + status
                    + " when " + options.who() + " authenticated", details());
        }
        try {
            KeystoneToken token = new TokenResponse(mapper).parse(
                    response.headers().firstValue("X-Subject-Token").orElse(null), response.body(), clock.instant());
            LOG.debug("Keystone at {} issued a token for {}, expiring at {}", options.authUrl(), options.who(),
                    token.expiresAt());
            return token;
        } catch (IllegalArgumentException e) {
            throw new RemoteFsException(serviceError, "Keystone at " + options.authUrl() + " answered no token for "
                    + options.who() + ": " + e.getMessage(), details(), e);
        }
    }

    private RemoteFsException unreachable(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return new RemoteFsException(serviceError, "the TLS connection to Keystone at " + options.authUrl()
                        + " was refused: " + cause.getMessage() + " (is its certificate signed by the CA of cafile,"
                        + " or, without cafile, by one the JDK trusts, for this host name?)",
                        Map.of("auth_url", options.authUrl().toString(), "user", options.who(), "tls", "refused"), e);
            }
        }
        return new RemoteFsException(serviceError, "cannot reach Keystone at " + options.authUrl() + ": " + IoFailures.describe(e),
                details(), e);
    }

    private Map<String, String> details() {
        return Map.of("auth_url", options.authUrl().toString(), "user", options.who());
    }
}
