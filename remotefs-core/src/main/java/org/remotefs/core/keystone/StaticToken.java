package org.remotefs.core.keystone;

import java.net.URI;
import java.util.Objects;

/**
 * A token set in the configuration ({@code glance_token}, {@code nova_token}): sent as it is, never
 * renewed; a refusal is the service's answer to the caller.
 */
public record StaticToken(URI endpoint, String token) implements ServiceAuth {

    public StaticToken {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public boolean renew(String rejected) {
        return false;
    }

    @Override
    public String describe() {
        return "the configured token for " + endpoint;
    }

    @Override
    public String toString() {
        return "StaticToken[endpoint=" + endpoint + ", token=***]";
    }
}
