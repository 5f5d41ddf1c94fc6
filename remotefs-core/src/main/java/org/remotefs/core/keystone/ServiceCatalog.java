package org.remotefs.core.keystone;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A token's service catalog, flattened: one entry per endpoint.
 *
 * @param endpoints every endpoint of every service, in Keystone's order
 */
public record ServiceCatalog(List<Endpoint> endpoints) {

    /** One endpoint of a service ({@code type} {@code image}, {@code compute}, ...). */
    public record Endpoint(String type, String interfaceName, String region, URI url) {
    }

    public ServiceCatalog {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * The first endpoint of the service type for the first of the interfaces that has one, in the
     * region when one is given (Keystone's {@code region_id}, or the older {@code region}), as
     * keystoneauth1's {@code get_endpoint} chooses.
     */
    public Optional<URI> find(String type, List<String> interfaces, String region) {
        for (String interfaceName : interfaces) {
            for (Endpoint endpoint : endpoints) {
                if (endpoint.type().equals(type) && endpoint.interfaceName().equals(interfaceName)
                        && (region.isEmpty() || region.equals(endpoint.region()))) {
                    return Optional.of(endpoint.url());
                }
            }
        }
        return Optional.empty();
    }
}
