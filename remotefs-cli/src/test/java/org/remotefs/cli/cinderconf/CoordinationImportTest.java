package org.remotefs.cli.cinderconf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * {@code [coordination] backend_url} carried over, and Cinder's default lock location when the file
 * does not set it: remotefs beside a Cinder volume service must take the same locks.
 */
class CoordinationImportTest {
    private static final String BACKEND = """
            [DEFAULT]
            enabled_backends = nfs
            %s
            [nfs]
            volume_driver = cinder.volume.drivers.nfs.NfsDriver
            %s
            """;

    private static Config imported(String defaults, String rest) {
        String text = BACKEND.formatted(defaults, rest);
        CinderImport result = new CinderImporter(Map.of("nfs", List.of()))
                .convert(new IniParser().parse("cinder.conf", text), List.of());
        return ConfigFactory.parseString(new HoconWriter(true).write(result));
    }

    @Test
    void unsetItIsCindersDefaultUnderTheDefaultStatePath() {
        Config config = imported("", "");

        assertThat(config.getString("remotefs.coordination.backend_url")).isEqualTo("file:///var/lib/cinder");
    }

    @Test
    void unsetItFollowsTheFilesStatePath() {
        Config config = imported("state_path = /srv/cinder-state", "");

        assertThat(config.getString("remotefs.coordination.backend_url")).isEqualTo("file:///srv/cinder-state");
    }

    @Test
    void setItIsCarriedAsWritten() {
        Config config = imported("", "[coordination]\nbackend_url = file://$state_path/locks\n");

        assertThat(config.getString("remotefs.coordination.backend_url")).isEqualTo("file:///var/lib/cinder/locks");
    }

    @Test
    void theCommentSaysWhereAnUnsetValueComesFrom() {
        String text = BACKEND.formatted("", "");
        CinderImport result = new CinderImporter(Map.of("nfs", List.of()))
                .convert(new IniParser().parse("cinder.conf", text), List.of());

        assertThat(new HoconWriter(true).write(result))
                .contains("# [coordination] backend_url unset: Cinder's default file://$state_path");
    }
}
