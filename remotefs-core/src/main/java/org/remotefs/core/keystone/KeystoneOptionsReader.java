package org.remotefs.core.keystone;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceSettings;

/**
 * Reads the Keystone options of one host service's section ({@code remotefs.image_service},
 * {@code remotefs.compute}) with keystoneauth1's names. No {@code auth_type}: no Keystone (the
 * service's static token is used). A refused value is named with its origin; a secret's value never.
 */
public final class KeystoneOptionsReader {
    /** Keys whose values are never shown. */
    public static final Set<String> SECRET_KEYS = Set.of("password", "application_credential_secret");
    private static final Set<String> INTERFACES = Set.of("public", "internal", "admin");

    private KeystoneOptionsReader() {
    }

    /** The section's Keystone options; empty when {@code auth_type} is not set. */
    public static Optional<KeystoneOptions> read(HostServiceSettings settings) {
        String type = value(settings, "auth_type");
        if (type.isEmpty()) {
            return Optional.empty();
        }
        AuthType authType = switch (type.toLowerCase(Locale.ROOT)) {
            case "password", "v3password" -> AuthType.PASSWORD;
            case "v3applicationcredential" -> AuthType.APPLICATION_CREDENTIAL;
            default -> throw invalid(settings, "auth_type",
                    "expected password or v3applicationcredential (keystoneauth1's names)");
        };
        KeystoneOptions options = new KeystoneOptions(authType, authUrl(settings), value(settings, "username"),
                value(settings, "user_id"), value(settings, "password"), value(settings, "user_domain_name"),
                value(settings, "user_domain_id"), value(settings, "project_name"), value(settings, "project_id"),
                value(settings, "project_domain_name"), value(settings, "project_domain_id"),
                value(settings, "application_credential_id"), value(settings, "application_credential_name"),
                value(settings, "application_credential_secret"), value(settings, "region_name"),
                interfaces(settings), cafile(settings), insecure(settings), timeout(settings));
        if (authType == AuthType.PASSWORD) {
            requireUser(settings);
            require(settings, "password", "auth_type = password needs it");
            requireProject(settings);
        } else {
            require(settings, "application_credential_secret", "auth_type = v3applicationcredential needs it");
            if (value(settings, "application_credential_id").isEmpty()) {
                require(settings, "application_credential_name", "set application_credential_id, or this and the user");
                requireUser(settings);
            }
        }
        return Optional.of(options);
    }

    private static URI authUrl(HostServiceSettings settings) {
        String text = value(settings, "auth_url");
        if (text.isEmpty()) {
            throw invalid(settings, "auth_url", "it must be set when auth_type is");
        }
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw invalid(settings, "auth_url", "it is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw invalid(settings, "auth_url", "it is not an http or https URL");
        }
        // keystoneauth1 finds the v3 API under an unversioned URL by discovery; v3 is all there is today
        String base = text.replaceAll("/+$", "");
        return URI.create(base.endsWith("/v3") ? base : base + "/v3");
    }

    private static List<String> interfaces(HostServiceSettings settings) {
        String key = value(settings, "valid_interfaces").isEmpty() ? "interface" : "valid_interfaces";
        String text = value(settings, key);
        List<String> interfaces = new ArrayList<>();
        for (String part : (text.isEmpty() ? "public" : text).split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT).replaceAll("url$", "");
            if (!INTERFACES.contains(name)) {
                throw invalid(settings, key, "expected public, internal or admin (a comma-separated list)");
            }
            interfaces.add(name);
        }
        return interfaces;
    }

    /** {@code cafile}; read with or without Keystone (it is the service's trust too). */
    public static Optional<Path> cafile(HostServiceSettings settings) {
        String text = value(settings, "cafile");
        return text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    }

    /** {@code insecure}; read with or without Keystone. */
    public static boolean insecure(HostServiceSettings settings) {
        String text = value(settings, "insecure").toLowerCase(Locale.ROOT);
        return switch (text) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw invalid(settings, "insecure", "expected true or false");
        };
    }

    private static Duration timeout(HostServiceSettings settings) {
        String text = value(settings, "timeout");
        if (text.isEmpty()) {
            return Duration.ofSeconds(30);
        }
        try {
            long seconds = Long.parseLong(text);
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(settings, "timeout", "expected a whole number of seconds, at least 1");
    }

    private static void requireUser(HostServiceSettings settings) {
        if (value(settings, "user_id").isEmpty()) {
            require(settings, "username", "set username (with user_domain_name or user_domain_id) or user_id");
            if (value(settings, "user_domain_name").isEmpty() && value(settings, "user_domain_id").isEmpty()) {
                throw invalid(settings, "user_domain_name", "a user given by name needs its domain"
                        + " (user_domain_name or user_domain_id)");
            }
        }
    }

    private static void requireProject(HostServiceSettings settings) {
        if (value(settings, "project_id").isEmpty()) {
            require(settings, "project_name", "set project_name (with project_domain_name or project_domain_id)"
                    + " or project_id: the service catalog comes with a project-scoped token");
            if (value(settings, "project_domain_name").isEmpty() && value(settings, "project_domain_id").isEmpty()) {
                throw invalid(settings, "project_domain_name", "a project given by name needs its domain"
                        + " (project_domain_name or project_domain_id)");
            }
        }
    }

    private static void require(HostServiceSettings settings, String key, String why) {
        if (value(settings, key).isEmpty()) {
            throw invalid(settings, key, why);
        }
    }

    private static String value(HostServiceSettings settings, String key) {
        return settings.string(key, "").strip();
    }

    private static RemoteFsException invalid(HostServiceSettings settings, String key, String why) {
        String value = value(settings, key);
        String shown = SECRET_KEYS.contains(key) ? (value.isEmpty() ? "''" : "***") : "'" + value + "'";
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                settings.describe(key) + " = " + shown + " is invalid: " + why,
                Map.of("option", settings.section() + "." + key));
    }
}
