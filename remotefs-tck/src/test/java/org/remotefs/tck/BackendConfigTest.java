package org.remotefs.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;

/** The rendered HOCON, parsed back: every value arrives with its type, however odd the path. */
final class BackendConfigTest {

    private static Config parsed(BackendConfig backend) {
        return ConfigFactory.parseString(backend.toHocon());
    }

    @Test
    void optionsKeepTheirTypesAndPathsSurviveQuotesSpacesAndSubstitutionSigns() {
        Path odd = Path.of("/srv/a \"b\" ${c} #d/e:f");
        Config config = parsed(BackendConfig.of("gold").driver("localfs")
                .option("nas_share_path", odd)
                .option("localfs_sparsed_volumes", false)
                .option("reserved_percentage", 10)
                .option("max_over_subscription_ratio", 1.5)
                .option("nas_host", "example"));

        assertThat(config.getString("remotefs.backends.gold.driver")).isEqualTo("localfs");
        assertThat(config.getString("remotefs.backends.gold.nas_share_path")).isEqualTo(odd.toString());
        assertThat(config.getValue("remotefs.backends.gold.localfs_sparsed_volumes").valueType())
                .isEqualTo(ConfigValueType.BOOLEAN);
        assertThat(config.getBoolean("remotefs.backends.gold.localfs_sparsed_volumes")).isFalse();
        assertThat(config.getInt("remotefs.backends.gold.reserved_percentage")).isEqualTo(10);
        assertThat(config.getDouble("remotefs.backends.gold.max_over_subscription_ratio")).isEqualTo(1.5);
        assertThat(config.getString("remotefs.backends.gold.nas_host")).isEqualTo("example");
        assertThat(config.getObject("remotefs.backends.gold").keySet()).containsExactlyInAnyOrder("driver",
                "nas_share_path", "localfs_sparsed_volumes", "reserved_percentage", "max_over_subscription_ratio",
                "nas_host");
    }

    @Test
    void hostOptionsGoOutsideTheBackendBlock() {
        Config config = parsed(BackendConfig.of("nfs-1").driver("nfs")
                .hostOption("remotefs.coordination.backend_url", "file:///var/lib/locks dir")
                .hostOption("remotefs.compute.status_listen_port", 8776));

        assertThat(config.getString("remotefs.coordination.backend_url")).isEqualTo("file:///var/lib/locks dir");
        assertThat(config.getInt("remotefs.compute.status_listen_port")).isEqualTo(8776);
        assertThat(config.getObject("remotefs.backends").keySet()).containsExactly("nfs-1");
        assertThat(config.getObject("remotefs.backends.\"nfs-1\"").keySet()).containsExactly("driver");
    }

    @Test
    void aBackendNameThatIsNotAPathElementIsQuoted() {
        Config config = parsed(BackendConfig.of("a.b").driver("localfs"));

        assertThat(config.getString("remotefs.backends.\"a.b\".driver")).isEqualTo("localfs");
    }

    @Test
    void eachSettingIsANewObject() {
        BackendConfig plain = BackendConfig.of("gold").driver("localfs");
        BackendConfig sparse = plain.option("localfs_sparsed_volumes", true);

        assertThat(parsed(plain).hasPath("remotefs.backends.gold.localfs_sparsed_volumes")).isFalse();
        assertThat(parsed(sparse).getBoolean("remotefs.backends.gold.localfs_sparsed_volumes")).isTrue();
    }

    @Test
    void withoutADriverThereIsNoConfiguration() {
        assertThatThrownBy(() -> BackendConfig.of("gold").toHocon()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BackendConfig.of("gold").option("driver", "nfs"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
