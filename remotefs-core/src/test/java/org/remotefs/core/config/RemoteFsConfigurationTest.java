package org.remotefs.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.core.localfs.LocalFsDriverProvider;
import org.remotefs.core.registry.DriverRegistry;

final class RemoteFsConfigurationTest {
    private static final ClassLoader LOADER = RemoteFsConfigurationTest.class.getClassLoader();

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("remotefs.conf");
        Files.writeString(file, text);
        return file;
    }

    private BackendSettings settings(Path file, String backend) {
        return DriverRegistry.discover(LOADER).settings(RemoteFsConfiguration.load(file, LOADER), backend);
    }

    @Test
    void backendsTakeTheirDriversDefaultsFromReferenceConf() throws IOException {
        Path file = write("remotefs.backends.gold { driver = localfs, nas_share_path = \"/srv/gold\" }\n");

        BackendSettings settings = settings(file, "gold");

        assertThat(settings.string("nas_share_path")).isEqualTo("/srv/gold");
        assertThat(settings.origin("nas_share_path")).isEqualTo(file + ":1");
        assertThat(settings.bool("localfs_sparsed_volumes")).isTrue();
        assertThat(settings.bool("localfs_qcow2_volumes")).isFalse();
        assertThat(settings.integer("reserved_percentage")).isZero();
        assertThat(settings.decimal("max_over_subscription_ratio")).isEqualTo(20.0);
        assertThat(settings.string("nas_secure_file_operations")).isEqualTo("auto");
        assertThat(settings.string("nas_mount_options")).isNull();
        assertThat(settings.origin("reserved_percentage")).contains("reference.conf");
    }

    @Test
    void cinderSpellingsOfBooleansAndChoicesAreAccepted() throws IOException {
        Path file = write("""
                remotefs.backends.b {
                  driver = localfs
                  localfs_sparsed_volumes = False
                  localfs_qcow2_volumes = "True"
                  nas_secure_file_permissions = AUTO
                  max_over_subscription_ratio = "1.5"
                }
                """);

        BackendSettings settings = settings(file, "b");

        assertThat(settings.bool("localfs_sparsed_volumes")).isFalse();
        assertThat(settings.bool("localfs_qcow2_volumes")).isTrue();
        assertThat(settings.string("nas_secure_file_permissions")).isEqualTo("auto");
        assertThat(settings.decimal("max_over_subscription_ratio")).isEqualTo(1.5);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "reserved_percentage = 150 | reserved_percentage | 150",
            "reserved_percentage = -1 | reserved_percentage | -1",
            "reserved_percentage = ten | reserved_percentage | ten",
            "max_over_subscription_ratio = 0.5 | max_over_subscription_ratio | 0.5",
            "max_over_subscription_ratio = auto | max_over_subscription_ratio | auto",
            "max_over_subscription_ratio = \"1e1\" | max_over_subscription_ratio | 1e1",
            "max_over_subscription_ratio = \"20d\" | max_over_subscription_ratio | 20d",
            "nas_ssh_port = -1 | nas_ssh_port | -1",
            "volume_name_template = \"vol-%s\" | volume_name_template | vol-%s",
            "localfs_sparsed_volumes = maybe | localfs_sparsed_volumes | maybe",
            "nas_secure_file_operations = sometimes | nas_secure_file_operations | sometimes",
            "nas_ssh_port = 70000 | nas_ssh_port | 70000",
            "reserved_percentage = [1, 2] | reserved_percentage | [1,2]",
            "localfs_shares_config = null | localfs_shares_config | null"})
    void aBadValueNamesTheKeyTheValueAndTheFileAndLine(String line, String key, String value) throws IOException {
        Path file = write("remotefs.backends.b {\n  driver = localfs\n  " + line + "\n}\n");

        assertThatThrownBy(() -> settings(file, "b"))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    RemoteFsException error = (RemoteFsException) e;
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(error.details()).containsEntry("option", key).containsEntry("backend", "b")
                            .containsEntry("value", value);
                    assertThat(error.getMessage()).contains(key, file + ":3");
                });
    }

    @Test
    void secretValuesAreMaskedInErrors() throws IOException {
        Path file = write("remotefs.backends.b { driver = localfs, nas_password = { nested = 1 } }\n");

        assertThatThrownBy(() -> settings(file, "b"))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(((RemoteFsException) e).details()).containsEntry("value", "***"));
    }

    @Test
    void theOnlyBackendIsTheDefault() throws IOException {
        RemoteFsConfiguration one = RemoteFsConfiguration.load(write("remotefs.backends.only { driver = localfs }"), LOADER);

        assertThat(one.chooseBackend(null)).isEqualTo("only");
        assertThat(one.driverId("only")).isEqualTo(LocalFsDriverProvider.ID);
    }

    @Test
    void severalBackendsNeedAName() throws IOException {
        RemoteFsConfiguration two = RemoteFsConfiguration.load(
                write("remotefs.backends { a { driver = localfs }, b { driver = localfs } }"), LOADER);

        assertThat(two.backendNames()).containsExactly("a", "b");
        assertThat(two.chooseBackend("b")).isEqualTo("b");
        assertThatThrownBy(() -> two.chooseBackend(null)).isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.BACKEND_NOT_FOUND);
        assertThatThrownBy(() -> two.chooseBackend("c")).isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.BACKEND_NOT_FOUND);
                    assertThat(e.getMessage()).contains("a, b");
                });
    }

    @Test
    void noBackendIsAnError() throws IOException {
        RemoteFsConfiguration none = RemoteFsConfiguration.load(write("# nothing\n"), LOADER);

        assertThat(none.backendNames()).isEmpty();
        assertThatThrownBy(() -> none.chooseBackend(null)).isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.BACKEND_NOT_FOUND);
    }

    @Test
    void aBackendWithoutDriverNamesItsOrigin() throws IOException {
        Path file = write("remotefs.backends {\n  nodriver { nas_share_path = /x }\n}\n");
        RemoteFsConfiguration configuration = RemoteFsConfiguration.load(file, LOADER);

        assertThatThrownBy(() -> configuration.driverId("nodriver")).isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.getMessage()).contains(file + ":2");
                });
    }

    @Test
    void aBackendThatIsNotAnObjectIsRefused() throws IOException {
        RemoteFsConfiguration configuration = RemoteFsConfiguration.load(write("remotefs.backends.x = 3\n"), LOADER);

        assertThatThrownBy(() -> configuration.driverId("x")).isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
    }

    @Test
    void missingUnreadableAndMalformedFilesAreConfigurationErrors() throws IOException {
        Path missing = dir.resolve("missing.conf");
        Path malformed = write("remotefs.backends { a { driver = localfs \n");

        for (Path file : List.of(missing, malformed, dir)) {
            assertThatThrownBy(() -> RemoteFsConfiguration.load(file, LOADER))
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> {
                        assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                        assertThat(e.getMessage()).contains(file.toString());
                    });
        }
    }

    @Test
    void backendNamesMayHoldDotsAndDashes() throws IOException {
        Path file = write("remotefs.backends { \"nfs.gold-1\" { driver = localfs, reserved_percentage = 7 } }");

        assertThat(settings(file, "nfs.gold-1").integer("reserved_percentage")).isEqualTo(7);
    }
}
