package org.remotefs.cli.cinderconf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.core.keystone.AuthType;
import org.remotefs.core.keystone.KeystoneOptions;
import org.remotefs.core.keystone.KeystoneOptionsReader;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** Cinder's [nova], [keystone_authtoken] and Glance options carried to the host services, as remotefs reads them. */
class KeystoneImportTest {
    private static final String NOVA_SECRET = "nova-pw-never-printed";
    private static final String SERVICE_SECRET = "svc-pw-never-printed";
    private static final String FILE = """
            [DEFAULT]
            enabled_backends = nfs
            glance_api_servers = glance1:9292, https://glance2:9292
            glance_api_insecure = false
            glance_request_timeout = 600

            [nfs]
            volume_driver = cinder.volume.drivers.nfs.NfsDriver

            [keystone_authtoken]
            www_authenticate_uri = http://keystone:5000
            auth_url = https://keystone:5000
            auth_type = password
            username = cinder
            password = %s
            project_name = service
            default_domain_name = Default
            cafile = /etc/ssl/openstack-ca.pem
            interface = admin

            [nova]
            region_name = RegionTwo
            interface = internal
            auth_section = nova_credentials
            cafile = /etc/ssl/openstack-ca.pem

            [nova_credentials]
            auth_type = v3applicationcredential
            auth_url = https://keystone:5000/v3
            application_credential_id = ac-7
            application_credential_secret = %s
            """.formatted(SERVICE_SECRET, NOVA_SECRET);

    private static CinderImport convert(String text) {
        return new CinderImporter(Map.of("nfs", List.of())).convert(new IniParser().parse("cinder.conf", text), List.of());
    }

    /** The section as the host hands it to a service: values as strings. */
    private static HostServiceSettings settings(Config config, String section) {
        Map<String, String> values = new HashMap<>();
        config.getConfig(section).entrySet().forEach(e -> values.put(e.getKey(), String.valueOf(e.getValue().unwrapped())));
        return new HostServiceSettings(section, values, Map.of(), StopSignal.never());
    }

    @Test
    void novaAndGlanceCredentialsAreCarriedAsRemotefsReadsThem() {
        CinderImport result = convert(FILE);
        Config config = ConfigFactory.parseString(new HoconWriter(false).write(result));

        KeystoneOptions nova = KeystoneOptionsReader.read(settings(config, "remotefs.compute")).orElseThrow();
        KeystoneOptions glance = KeystoneOptionsReader.read(settings(config, "remotefs.image_service")).orElseThrow();

        assertThat(config.getString("remotefs.compute.type")).isEqualTo("nova");
        assertThat(nova.authType()).isEqualTo(AuthType.APPLICATION_CREDENTIAL);
        assertThat(nova.applicationCredentialSecret()).isEqualTo(NOVA_SECRET);
        assertThat(nova.regionName()).isEqualTo("RegionTwo");
        assertThat(nova.interfaces()).containsExactly("internal");
        assertThat(config.getString("remotefs.image_service.type")).isEqualTo("glance");
        assertThat(config.getString("remotefs.image_service.glance_endpoint")).isEqualTo("http://glance1:9292");
        assertThat(config.getLong("remotefs.image_service.timeout_seconds")).isEqualTo(600);
        assertThat(config.hasPath("remotefs.image_service.insecure")).as("false: the default, not written").isFalse();
        assertThat(glance.authType()).isEqualTo(AuthType.PASSWORD);
        assertThat(glance.who()).isEqualTo("user 'cinder' (domain Default)");
        assertThat(glance.projectDomainName()).as("keystoneauth1's default_domain_name").isEqualTo("Default");
        assertThat(glance.cafile()).hasValueSatisfying(p -> assertThat(p).hasToString("/etc/ssl/openstack-ca.pem"));
        assertThat(glance.interfaces()).as("keystonemiddleware's interface is not Glance's").containsExactly("public");
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("glance_api_servers", "glance1:9292"));
    }

    @Test
    void printedOutputHasPlaceholdersForBothSecrets() {
        String printed = new HoconWriter(true).write(convert(FILE));
        Config config = ConfigFactory.parseString(printed);

        assertThat(printed).doesNotContain(NOVA_SECRET).doesNotContain(SERVICE_SECRET);
        assertThat(config.getString("remotefs.compute.application_credential_secret"))
                .isEqualTo(HoconWriter.PLACEHOLDER);
        assertThat(config.getString("remotefs.image_service.password")).isEqualTo(HoconWriter.PLACEHOLDER);
    }

    @Test
    void withoutServiceCredentialsNothingIsCarriedAndTheReasonIsAWarning() {
        CinderImport result = convert("""
                [DEFAULT]
                enabled_backends = nfs
                [nfs]
                volume_driver = cinder.volume.drivers.nfs.NfsDriver
                [keystone_authtoken]
                auth_type = password
                auth_url = http://localhost:5000
                username = cinder
                [nova]
                region_name = RegionOne
                """);

        assertThat(result.services()).isEmpty();
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("[keystone_authtoken]", "no password"))
                .anySatisfy(w -> assertThat(w).contains("[nova] has no auth_type"));
    }
}
