package org.remotefs.core.keystone;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a host service's authenticated HTTP access from its section: with {@code auth_type} set,
 * Keystone tokens (and the endpoint from the catalog when the endpoint option is empty); without,
 * the static token option and the endpoint option, as before. {@code cafile} and {@code insecure}
 * apply to Keystone and the service alike, as in a keystoneauth1 session.
 */
public final class ServiceAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAccess.class);

    private ServiceAccess() {
    }

    /**
     * @param serviceType  the catalog's type ({@code image}, {@code compute})
     * @param endpointKey  the option of an explicit endpoint ({@code glance_endpoint})
     * @param tokenKey     the option of a static token ({@code glance_token})
     * @param serviceError the code of the service's failures
     */
    public static AuthenticatedHttp configure(HostServiceSettings settings, String serviceType, String endpointKey,
                                              String tokenKey, ErrorCode serviceError) {
        Optional<KeystoneOptions> keystone = KeystoneOptionsReader.read(settings);
        Optional<URI> endpoint = endpoint(settings, endpointKey);
        String token = settings.string(tokenKey, "");
        Optional<Path> cafile = KeystoneOptionsReader.cafile(settings);
        boolean insecure = KeystoneOptionsReader.insecure(settings);
        if (insecure) {
            LOG.warn("{}: insecure = true: the TLS certificates and host names of Keystone and the service are not"
                    + " checked; anyone on the path can read the credentials and tokens (set cafile instead)",
                    settings.section());
        }
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30));
        TlsContexts.of(settings, cafile, insecure).ifPresent(builder::sslContext);
        HttpClient client = builder.build();
        if (keystone.isEmpty()) {
            URI uri = endpoint.orElseThrow(() -> invalid(settings, endpointKey, "''",
                    "it must be set unless auth_type is (then the service catalog names the endpoint)"));
            return new AuthenticatedHttp(client, new StaticToken(uri, token));
        }
        if (!token.isEmpty()) {
            throw invalid(settings, tokenKey, "***", "set either a static token or auth_type, not both");
        }
        KeystoneSession session = new KeystoneSession(client, keystone.get(), Json.mapper(), Clock.systemUTC(),
                serviceError);
        return new AuthenticatedHttp(client, new KeystoneServiceAuth(session, serviceType, endpoint, serviceError));
    }

    private static Optional<URI> endpoint(HostServiceSettings settings, String key) {
        String text = settings.string(key, "").strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw invalid(settings, key, "'" + text + "'", "it is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw invalid(settings, key, "'" + text + "'", "it is not an http or https URL");
        }
        return Optional.of(uri);
    }

    private static RemoteFsException invalid(HostServiceSettings settings, String key, String shown, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                settings.describe(key) + " = " + shown + " is invalid: " + why,
                Map.of("option", settings.section() + "." + key));
    }
}
