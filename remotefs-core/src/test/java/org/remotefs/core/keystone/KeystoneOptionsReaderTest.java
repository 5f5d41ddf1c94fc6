package org.remotefs.core.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.StopSignal;

/** keystoneauth1's option names read from a host service's section, and what is refused. */
class KeystoneOptionsReaderTest {
    private static final String SECRET = "Pw-never-shown-31c";

    private static HostServiceSettings settings(Map<String, String> values) {
        return new HostServiceSettings("remotefs.image_service", values, Map.of(), StopSignal.never());
    }

    private static Map<String, String> password() {
        return new HashMap<>(Map.of("auth_type", "password", "auth_url", "https://keystone.example:5000",
                "username", "cinder", "password", SECRET, "user_domain_name", "Default",
                "project_name", "service", "project_domain_id", "default"));
    }

    private static RemoteFsException refused(Map<String, String> values) {
        return catchThrowableOfType(() -> KeystoneOptionsReader.read(settings(values)), RemoteFsException.class);
    }

    @Test
    void withoutAuthTypeThereIsNoKeystone() {
        assertThat(KeystoneOptionsReader.read(settings(Map.of("glance_token", "t")))).isEmpty();
    }

    @Test
    void readsPasswordOptionsWithCinderDefaults() {
        KeystoneOptions options = KeystoneOptionsReader.read(settings(password())).orElseThrow();

        assertThat(options.authType()).isEqualTo(AuthType.PASSWORD);
        assertThat(options.authUrl()).as("the v3 API under an unversioned URL")
                .isEqualTo(URI.create("https://keystone.example:5000/v3"));
        assertThat(options.interfaces()).containsExactly("public");
        assertThat(options.cafile()).isEmpty();
        assertThat(options.insecure()).isFalse();
        assertThat(options.timeout()).hasSeconds(30);
        assertThat(options.who()).isEqualTo("user 'cinder' (domain Default)");
        assertThat(options.toString()).doesNotContain(SECRET);
    }

    @Test
    void readsInterfacesCafileAndTimeout() {
        Map<String, String> values = password();
        values.putAll(Map.of("auth_url", "https://keystone.example/identity/v3/", "valid_interfaces",
                "internal, publicURL", "interface", "admin", "cafile", "/etc/ssl/ca.pem", "timeout", "5",
                "region_name", "RegionTwo"));

        KeystoneOptions options = KeystoneOptionsReader.read(settings(values)).orElseThrow();

        assertThat(options.authUrl()).isEqualTo(URI.create("https://keystone.example/identity/v3"));
        assertThat(options.interfaces()).as("valid_interfaces wins over interface").containsExactly("internal", "public");
        assertThat(options.cafile()).isEqualTo(Optional.of(Path.of("/etc/ssl/ca.pem")));
        assertThat(options.timeout()).hasSeconds(5);
        assertThat(options.regionName()).isEqualTo("RegionTwo");
    }

    @Test
    void anApplicationCredentialNeedsItsSecretAndAnIdOrNameAndUser() {
        Map<String, String> byId = new HashMap<>(Map.of("auth_type", "v3applicationcredential",
                "auth_url", "http://k:5000/v3", "application_credential_id", "ac-1",
                "application_credential_secret", SECRET));
        Map<String, String> noSecret = new HashMap<>(byId);
        noSecret.remove("application_credential_secret");
        Map<String, String> nameWithoutUser = new HashMap<>(byId);
        nameWithoutUser.remove("application_credential_id");
        nameWithoutUser.put("application_credential_name", "remotefs");

        assertThat(KeystoneOptionsReader.read(settings(byId)).orElseThrow().who())
                .isEqualTo("application credential ac-1");
        assertThat(refused(noSecret).details()).containsEntry("option",
                "remotefs.image_service.application_credential_secret");
        assertThat(refused(nameWithoutUser).details()).containsEntry("option", "remotefs.image_service.username");
    }

    @Test
    void incompleteOrWrongOptionsAreRefusedByName() {
        Map<String, String> noPassword = password();
        noPassword.remove("password");
        Map<String, String> noDomain = password();
        noDomain.remove("user_domain_name");
        Map<String, String> noProject = password();
        noProject.remove("project_name");
        Map<String, String> badType = password();
        badType.put("auth_type", "token");
        Map<String, String> badUrl = password();
        badUrl.put("auth_url", "keystone:5000");
        Map<String, String> badInterface = password();
        badInterface.put("interface", "private");
        Map<String, String> badInsecure = password();
        badInsecure.put("insecure", "yes");

        Map<Map<String, String>, String> expected = Map.of(noPassword, "password", noDomain, "user_domain_name",
                noProject, "project_name", badType, "auth_type", badUrl, "auth_url", badInterface, "interface",
                badInsecure, "insecure");
        expected.forEach((values, key) -> {
            RemoteFsException e = refused(values);
            assertThat(e.code()).as(key).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
            assertThat(e.details()).as(key).containsEntry("option", "remotefs.image_service." + key);
            assertThat(e.getMessage()).as(key).doesNotContain(SECRET);
        });
    }

    @Test
    void theRequestBodyIsKeystonesV3Shape() {
        KeystoneOptions options = KeystoneOptionsReader.read(settings(password())).orElseThrow();

        assertThat(AuthRequestBody.of(options)).isEqualTo(Map.of("auth", Map.of(
                "identity", Map.of("methods", List.of("password"), "password", Map.of("user", Map.of(
                        "name", "cinder", "domain", Map.of("name", "Default"), "password", SECRET))),
                "scope", Map.of("project", Map.of("name", "service", "domain", Map.of("id", "default"))))));
    }
}
