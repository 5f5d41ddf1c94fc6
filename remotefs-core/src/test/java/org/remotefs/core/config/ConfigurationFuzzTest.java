package org.remotefs.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.Setting;
import org.remotefs.core.registry.DriverRegistry;
import org.remotefs.testing.Fuzz;
import org.remotefs.testing.FuzzInputs;

import com.typesafe.config.ConfigUtil;

/**
 * Random values for the localfs driver's options (wrong types, negative, huge, non-numeric
 * numbers, Unicode, NUL, lists, objects, substitutions, durations, Cinder's spellings) and random
 * option names, in a backend block, read as the command line reads them: the configuration
 * parsed, the settings checked, the driver built (no share is touched before its setup). Each
 * either builds, with every option within its declared type and range, or fails with
 * {@code INVALID_CONFIGURATION_VALUE} naming the option (or, for text that is not HOCON, the
 * file and line) — never another code or exception.
 */
final class ConfigurationFuzzTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long BUDGET = 256L << 20;
    private static final String BACKEND = "fuzz";

    private final DriverRegistry registry = DriverRegistry.discover(getClass().getClassLoader());
    private final List<OptionDescriptor> options = registry.provider("localfs").options();

    @TempDir
    static Path share;

    private record Input(Map<String, String> entries) {
        String text() {
            StringBuilder block = new StringBuilder();
            entries.forEach((key, value) -> block.append(key).append(" = ").append(value).append('\n'));
            return "remotefs.coordination.backend_url = \"inprocess://\"\n"
                    + "remotefs.image_service.type = none\n"
                    + "remotefs.backends." + BACKEND + " {\n driver = localfs\n nas_share_path = "
                    + ConfigUtil.quoteString(share.toString()) + "\n"
                    + block + "}\n";
        }
    }

    @AfterEach
    void closeDrivers() {
        registry.close();
    }

    @Test
    void everyValueBuildsTheDriverOrIsAConfigurationErrorNamingTheOption() {
        new Fuzz<>("configuration values", 600, DEADLINE, BUDGET, this::input, input -> input.text())
                .run(input -> {
                    RemoteFsConfiguration configuration;
                    try {
                        configuration = RemoteFsConfiguration.parse(input.text(), "fuzz.conf", getClass().getClassLoader());
                        registry.create(configuration, BACKEND, context -> context).close();
                    } catch (RemoteFsException e) {
                        return refused(input, e);
                    } finally {
                        registry.close();
                    }
                    BackendSettings settings = registry.settings(configuration, BACKEND);
                    for (OptionDescriptor option : options) {
                        if (input.entries().containsKey(option.key())) {
                            withinDeclaration(option, settings.values().get(option.key()));
                        }
                    }
                    return "accepted";
                });
    }

    private String refused(Input input, RemoteFsException e) {
        if (e.code() == ErrorCode.DRIVER_NOT_FOUND) {
            // driver = <another id>: the code of an unknown driver, naming it
            assertThat(input.entries().keySet().stream().map(ConfigurationFuzzTest::option)).contains("driver");
            assertThat(e.details()).containsKey("driver");
            return "refused naming the driver";
        }
        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
        if (e.details().containsKey("option")) {
            // the option a fuzzed key sets (a path such as reserved_percentage.x sets reserved_percentage)
            assertThat(input.entries().keySet().stream().map(ConfigurationFuzzTest::option))
                    .as(e.getMessage()).contains(e.details().get("option"));
            return "refused naming the option";
        }
        // text that is not HOCON, or a substitution that does not resolve: the file and line it is on
        assertThat(e.details()).as(e.getMessage()).containsKey("file");
        assertThat(e.getMessage()).contains("fuzz.conf");
        return "refused naming the file";
    }

    private static String option(String key) {
        try {
            return ConfigUtil.splitPath(key).get(0);
        } catch (com.typesafe.config.ConfigException e) {
            return key;
        }
    }

    private static void withinDeclaration(OptionDescriptor option, Setting setting) {
        Object value = setting.value();
        if (value == null) {
            assertThat(option.nullable()).as(option.key() + " is null").isTrue();
            return;
        }
        switch (option.type()) {
            case STRING -> {
                assertThat(value).isInstanceOf(String.class);
                if (!option.choices().isEmpty()) {
                    assertThat(option.choices()).contains((String) value);
                }
            }
            case BOOLEAN -> assertThat(value).isInstanceOf(Boolean.class);
            case INTEGER, FLOAT -> {
                double number = ((Number) value).doubleValue();
                assertThat(number).as(option.key()).isFinite();
                if (option.min() != null) {
                    assertThat(number).as(option.key()).isGreaterThanOrEqualTo(option.min());
                }
                if (option.max() != null) {
                    assertThat(number).as(option.key()).isLessThanOrEqualTo(option.max());
                }
            }
        }
    }

    private Input input(Random random) {
        Map<String, String> entries = new LinkedHashMap<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String key = random.nextInt(5) > 0 ? FuzzInputs.pick(random, options).key() : junkKey(random);
            entries.put(key, value(random));
        }
        return new Input(entries);
    }

    private static String junkKey(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "localfs_" + FuzzInputs.pick(random, List.of("shares", "sparse", "qcow2", "x", "pool_mapping"));
            case 1 -> ConfigUtil.quoteString(FuzzInputs.text(random, 10));
            case 2 -> FuzzInputs.pick(random, List.of("nas_host", "NAS_HOST", "nas-host", "reserved_percentage.x",
                    "lock_timeout_", "\"share_io_timeout\"", "driver"));
            default -> "k" + random.nextInt(1000);
        };
    }

    /** A HOCON value: of every type, at the edges of every range, and text of every kind. */
    private static String value(Random random) {
        List<String> values = new ArrayList<>(List.of("0", "-1", "1", "100", "101", "65535", "65536", "2147483647",
                "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "1e400",
                "-1e400", "1.5", "0.99", "1.0", "20", "20d", "1e1", "0x10", "1_000", "-0", ".5", "5.", "NaN", "Infinity",
                "\"NaN\"", "\"inf\"", "auto", "\"auto\"", "true", "false", "True", "FALSE", "yes", "off", "t", "2",
                "null", "\"\"", "\" \"", "[]", "[1, 2]", "{}", "{ a = 1 }", "${?NO_SUCH_VARIABLE}", "${no.such.path}",
                "10s", "\"10 s\"", "\"\\u0000\"", "\"/tmp/\\u0000x\"", "\"\\ud800\"", "thin", "thick", "THIN",
                "plain", "extension", "\"volume-%s\"", "\"volume-%s-%s\"", "\"sudo cinder-rootwrap\"",
                "\"/etc/cinder/shares\"", "\"relative/path\"", "\"pool-a:/srv/a, pool-b:/srv/b\"", "\"a:b:c\"",
                "\"=:,\"", "\"\"\"multi\nline\"\"\"", "{", "]", "\"unterminated", "a b c", "\"\u00e9\u4e2d\u0663\""));
        return switch (random.nextInt(4)) {
            case 0 -> ConfigUtil.quoteString(FuzzInputs.text(random, 16));
            case 1 -> Long.toString(FuzzInputs.boundary(random));
            default -> FuzzInputs.pick(random, values);
        };
    }
}
