package org.remotefs.core.keystone;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * A service's Keystone tokens and its endpoint: the configured URL, or else the one the token's
 * catalog lists for the service type ({@code image}, {@code compute}), interface and region.
 * Nothing is asked of Keystone until the first call.
 */
public final class KeystoneServiceAuth implements ServiceAuth {
    private final KeystoneSession session;
    private final String serviceType;
    private final Optional<URI> configured;
    private final ErrorCode serviceError;

    public KeystoneServiceAuth(KeystoneSession session, String serviceType, Optional<URI> configured,
                               ErrorCode serviceError) {
        this.session = session;
        this.serviceType = serviceType;
        this.configured = configured;
        this.serviceError = serviceError;
    }

    @Override
    public URI endpoint() {
        if (configured.isPresent()) {
            return configured.get();
        }
        KeystoneOptions options = session.options();
        return session.token().catalog().find(serviceType, options.interfaces(), options.regionName())
                .orElseThrow(() -> new RemoteFsException(serviceError, "the service catalog of " + session.describe()
                        + " lists no " + serviceType + " endpoint with interface " + String.join(" or ",
                        options.interfaces()) + (options.regionName().isEmpty() ? ""
                        : " in region " + options.regionName()) + ": set the endpoint, or region_name and"
                        + " valid_interfaces", Map.of("auth_url", options.authUrl().toString(),
                        "service_type", serviceType)));
    }

    @Override
    public String token() {
        return session.token().value();
    }

    @Override
    public boolean renew(String rejected) {
        session.renew(rejected);
        return true;
    }

    @Override
    public String describe() {
        return session.describe();
    }
}
