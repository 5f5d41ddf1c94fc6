package org.remotefs.core.keystone;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service client needs to get tokens from Keystone v3, named as in Cinder's {@code [nova]}
 * and {@code [keystone_authtoken]} sections. Empty strings stand for options not set. The secrets
 * ({@code password}, {@code application_credential_secret}) never appear in {@link #toString()}.
 *
 * @param authType   {@code auth_type}
 * @param authUrl    {@code auth_url}, the identity API's base ({@code .../v3})
 * @param interfaces {@code valid_interfaces} (or {@code interface}), in order of preference
 * @param cafile     {@code cafile}: when present, the only CA trusted
 * @param insecure   {@code insecure}: no certificate or host name check at all
 * @param timeout    {@code timeout}: how long one call to Keystone may take
 */
public record KeystoneOptions(AuthType authType, URI authUrl, String username, String userId, String password,
                              String userDomainName, String userDomainId, String projectName, String projectId,
                              String projectDomainName, String projectDomainId, String applicationCredentialId,
                              String applicationCredentialName, String applicationCredentialSecret,
                              String regionName, List<String> interfaces, Optional<Path> cafile, boolean insecure,
                              Duration timeout) {

    public KeystoneOptions {
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(authUrl, "authUrl");
        interfaces = List.copyOf(interfaces);
        Objects.requireNonNull(cafile, "cafile");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Who authenticates, for messages: the user (and domain) or the application credential. */
    public String who() {
        if (authType == AuthType.APPLICATION_CREDENTIAL) {
            String credential = !applicationCredentialId.isEmpty() ? "application credential " + applicationCredentialId
                    : "application credential '" + applicationCredentialName + "'";
            return applicationCredentialId.isEmpty() ? credential + " of " + user() : credential;
        }
        return user();
    }

    private String user() {
        if (!userId.isEmpty()) {
            return "user id " + userId;
        }
        String domain = !userDomainName.isEmpty() ? " (domain " + userDomainName + ")"
                : !userDomainId.isEmpty() ? " (domain id " + userDomainId + ")" : "";
        return "user '" + username + "'" + domain;
    }

    @Override
    public String toString() {
        return "KeystoneOptions[auth_type=" + authType.optionValue() + ", auth_url=" + authUrl + ", " + who()
                + ", project=" + (projectId.isEmpty() ? projectName : projectId) + ", region_name=" + regionName
                + ", interfaces=" + interfaces + ", cafile=" + cafile.map(Path::toString).orElse("") + ", insecure="
                + insecure + ", secret=***]";
    }
}
