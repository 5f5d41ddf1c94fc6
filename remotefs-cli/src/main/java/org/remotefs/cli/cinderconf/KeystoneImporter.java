package org.remotefs.cli.cinderconf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Carries Cinder's credentials for Nova and Glance over to the host services. {@code [nova]}'s
 * keystoneauth1 options (or those of the section its {@code auth_section} names) become
 * {@code remotefs.compute}'s, with {@code type = nova}. Cinder calls Glance with the requesting
 * user's token, which remotefs, serving no request, does not have: {@code remotefs.image_service}
 * gets the service's own credentials of {@code [keystone_authtoken]}, the endpoint of
 * {@code [DEFAULT] glance_api_servers} (else the catalog, with {@code glance_catalog_info}'s
 * interface) and {@code glance_ca_certificates_file}, {@code glance_api_insecure},
 * {@code glance_request_timeout}.
 */
final class KeystoneImporter {
    /** keystoneauth1's password and application-credential options, remotefs's names too. */
    private static final List<String> AUTH_KEYS = List.of("auth_type", "auth_url", "username", "user_id", "password",
            "user_domain_name", "user_domain_id", "project_name", "project_id", "project_domain_name",
            "project_domain_id", "application_credential_id", "application_credential_name",
            "application_credential_secret");
    private static final Set<String> SECRETS = Set.of("password", "application_credential_secret");
    private static final Set<String> AUTH_TYPES = Set.of("password", "v3password", "v3applicationcredential");
    private static final Set<String> TRUE = Set.of("true", "1", "on", "yes");

    private final IniDocument document;
    private final OsloSubstitution substitution;
    private final List<String> warnings;

    KeystoneImporter(IniDocument document, OsloSubstitution substitution, List<String> warnings) {
        this.document = document;
        this.substitution = substitution;
        this.warnings = warnings;
    }

    List<ImportedService> convert() {
        List<ImportedService> services = new ArrayList<>();
        compute().ifPresent(services::add);
        image().ifPresent(services::add);
        return services;
    }

    private Optional<ImportedService> compute() {
        if (!document.hasSection("nova")) {
            return Optional.empty();
        }
        List<ImportedOption> options = new ArrayList<>();
        if (!auth("nova", options)) {
            if (document.entry(authSection("nova"), "auth_type").isPresent()) {
                return Optional.empty();
            }
            warnings.add("[nova] has no auth_type: Cinder then calls Nova with the requesting user's token, which"
                    + " remotefs, serving no request, does not have; remotefs.compute is left out (set its auth_type"
                    + " and credentials for snapshots of attached volumes)");
            return Optional.empty();
        }
        for (String key : List.of("region_name", "interface", "cafile", "insecure", "timeout")) {
            carry("nova", key, key).ifPresent(options::add);
        }
        return Optional.of(new ImportedService("remotefs.compute", "nova", "[nova] has Keystone credentials",
                options));
    }

    private Optional<ImportedService> image() {
        Optional<IniEntry> servers = document.entry(IniDocument.DEFAULT, "glance_api_servers");
        List<ImportedOption> options = new ArrayList<>();
        boolean keystone = document.hasSection("keystone_authtoken") && auth("keystone_authtoken", options);
        if (servers.isEmpty() && !keystone) {
            return Optional.empty();
        }
        servers.ifPresent(entry -> {
            List<String> urls = List.of(substitution.substitute(entry.value()).value().split(",")).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (urls.size() > 1) {
                warnings.add("[DEFAULT] glance_api_servers: remotefs calls one Glance endpoint; the first, "
                        + urls.get(0) + ", is carried");
            }
            if (!urls.isEmpty()) {
                String url = urls.get(0).contains("://") ? urls.get(0) : "http://" + urls.get(0);
                options.add(new ImportedOption("glance_endpoint", url, IniDocument.DEFAULT, entry.line(), false,
                        "Cinder's glance_api_servers (http:// when it names none)"));
            }
        });
        if (servers.isEmpty()) {
            document.entry(IniDocument.DEFAULT, "glance_catalog_info").ifPresent(entry -> {
                String[] parts = substitution.substitute(entry.value()).value().split(":");
                String interfaceName = parts[parts.length - 1].strip().replaceAll("URL$", "");
                options.add(new ImportedOption("interface", interfaceName, IniDocument.DEFAULT, entry.line(), false,
                        "the interface of Cinder's glance_catalog_info"));
            });
            carry(IniDocument.DEFAULT, "os_region_name", "region_name").ifPresent(options::add);
        }
        if (!keystone) {
            warnings.add("[DEFAULT] glance_api_servers is carried, but Cinder calls Glance with the requesting"
                    + " user's token and [keystone_authtoken] has no auth_type: set remotefs.image_service's"
                    + " glance_token or Keystone options");
        }
        Optional<ImportedOption> glanceCa = carry(IniDocument.DEFAULT, "glance_ca_certificates_file", "cafile");
        Optional<ImportedOption> keystoneCa = keystone ? carry("keystone_authtoken", "cafile", "cafile")
                : Optional.empty();
        if (glanceCa.isPresent() && keystoneCa.isPresent() && !glanceCa.get().value().equals(keystoneCa.get().value())) {
            warnings.add("[DEFAULT] glance_ca_certificates_file and [keystone_authtoken] cafile differ: remotefs"
                    + " trusts one file for Glance and Keystone; [keystone_authtoken]'s is carried (put both CAs in it)");
        }
        keystoneCa.or(() -> glanceCa).ifPresent(options::add);
        Optional<ImportedOption> insecure = carry(IniDocument.DEFAULT, "glance_api_insecure", "insecure");
        insecure.filter(o -> Boolean.TRUE.equals(o.value())).or(() -> keystone
                ? carry("keystone_authtoken", "insecure", "insecure") : Optional.empty()).ifPresent(options::add);
        carry(IniDocument.DEFAULT, "glance_request_timeout", "timeout_seconds").ifPresent(options::add);
        return Optional.of(new ImportedService("remotefs.image_service", "glance", servers.isPresent()
                ? "[DEFAULT] glance_api_servers" : "[keystone_authtoken] has Keystone credentials", options));
    }

    /**
     * Carries the keystoneauth1 options of {@code section} (or of the section its
     * {@code auth_section} names); false when it has no {@code auth_type} remotefs supports.
     */
    private boolean auth(String section, List<ImportedOption> options) {
        String from = authSection(section);
        Optional<ImportedOption> type = carry(from, "auth_type", "auth_type");
        if (type.isEmpty()) {
            return false;
        }
        String value = type.get().value().toString().toLowerCase(Locale.ROOT);
        if (!AUTH_TYPES.contains(value)) {
            warnings.add("[" + from + "] auth_type: '" + value + "' is not one remotefs supports (password,"
                    + " v3applicationcredential); its credentials are left out");
            return false;
        }
        String secret = value.equals("v3applicationcredential") ? "application_credential_secret" : "password";
        if (document.entry(from, secret).map(e -> e.value().isBlank()).orElse(true)) {
            warnings.add("[" + from + "] auth_type = " + value + " but no " + secret + " is set (a package's install"
                    + " scripts may write it): its credentials are left out; add them to " + (section.equals("nova")
                    ? "remotefs.compute" : "remotefs.image_service"));
            return false;
        }
        for (String key : AUTH_KEYS) {
            carry(from, key, key).ifPresent(options::add);
        }
        // keystoneauth1's default_domain_*: the user's and the project's domain when they name none
        for (String owner : List.of("user", "project")) {
            if (document.entry(from, owner + "_domain_name").isEmpty() && document.entry(from, owner + "_domain_id").isEmpty()) {
                carry(from, "default_domain_name", owner + "_domain_name")
                        .or(() -> carry(from, "default_domain_id", owner + "_domain_id")).ifPresent(options::add);
            }
        }
        return true;
    }

    /** keystoneauth1's {@code auth_section}: the section the credentials are read from. */
    private String authSection(String section) {
        return document.entry(section, "auth_section").map(e -> substitution.substitute(e.value()).value().strip())
                .filter(s -> !s.isEmpty()).orElse(section);
    }

    /** The section's key as remotefs's {@code target}: booleans and whole numbers typed, secrets marked. */
    private Optional<ImportedOption> carry(String section, String key, String target) {
        return document.entry(section, key).map(entry -> {
            OsloSubstitution.Substituted substituted = substitution.substitute(entry.value());
            substituted.unresolved().forEach(reference -> warnings.add("[" + section + "] " + key + ": $" + reference
                    + " is not set in the file and has no Cinder default known here; left as written"));
            String text = substituted.value().strip();
            Object value = switch (target) {
                case "insecure" -> TRUE.contains(text.toLowerCase(Locale.ROOT));
                case "timeout", "timeout_seconds" -> text.matches("\\d+") ? (Object) Long.valueOf(text) : text;
                default -> text;
            };
            String note = key.equals(target) ? "" : "Cinder's " + key;
            return new ImportedOption(target, value, section, entry.line(), SECRETS.contains(target), note);
        });
    }
}
