package org.remotefs.core.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.localfs.LocalFsProtocol;

import com.google.inject.Module;
import com.typesafe.config.ConfigUtil;

/**
 * A real core driver on local directories whose provider declares fewer layouts than localfs:
 * an option asking for an undeclared one is refused at setup, and by any operation that sets the
 * driver up on its way, with nothing made or written on the share.
 */
final class UndeclaredLayoutIT {
    @TempDir
    Path dir;

    /** localfs's protocol under another id, declaring only the given capabilities. */
    static final class FewerLayoutsProvider extends RemoteFsDriverProvider {
        private final Set<Capability> declared;

        FewerLayoutsProvider(Set<Capability> declared) {
            this.declared = Set.copyOf(declared);
        }

        @Override
        public String id() {
            return "fewer";
        }

        @Override
        public String version() {
            return "0.1";
        }

        @Override
        public Set<Capability> capabilities() {
            return declared;
        }

        @Override
        protected String prefix() {
            return "fewer";
        }

        @Override
        protected String defaultBackendName() {
            return "Fewer";
        }

        @Override
        protected Module protocolModule(BackendSettings settings) {
            return bindProtocol(new LocalFsProtocol());
        }
    }

    private Path share() {
        return dir.resolve("share");
    }

    private Path config() {
        return dir.resolve("remotefs.conf");
    }

    /**
     * A driver from a configuration file: line 1-3 the provider's defaults (what its
     * reference.conf would hold), line 4 the backend, line 5 its share, from line 6 {@code options}.
     */
    private VolumeDriver driver(Set<Capability> declared, String... options) throws IOException {
        Files.write(config(), Stream.concat(Stream.of(
                "remotefs.defaults.fewer = ${remotefs.core-defaults} {",
                "  fewer_shares_config = \"\", fewer_sparsed_volumes = true, fewer_qcow2_volumes = false",
                "}",
                "remotefs.backends.gold {",
                "  driver = fewer, nas_share_path = " + ConfigUtil.quoteString(share().toString())),
                Stream.concat(Stream.of(options).map(option -> "  " + option), Stream.of("}"))).toList());
        FewerLayoutsProvider provider = new FewerLayoutsProvider(declared);
        RemoteFsConfiguration configuration = RemoteFsConfiguration.load(config(), getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read("gold", configuration.settingsBlock("gold", "fewer"),
                provider.options());
        return provider.create(DriverContext.of(settings));
    }

    /** Every path under the directory, itself included, with its size and modification time. */
    private static Map<String, List<Object>> state(Path directory) throws IOException {
        Map<String, List<Object>> state = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.toList()) {
                FileTime modified = Files.getLastModifiedTime(path);
                state.put(path.toString(), List.of(Files.size(path), modified));
            }
        }
        return state;
    }

    private static void assertRefused(Throwable thrown, String option, String origin) {
        assertThat(thrown).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
            assertThat(e.details()).containsEntry("backend", "gold").containsEntry("option", option)
                    .containsEntry("driver", "fewer").containsEntry("origin", origin);
        });
    }

    @Test
    void qcow2VolumesWithoutQcow2AreRefusedAtSetupAndTheShareIsUntouched() throws Exception {
        Files.createDirectories(share());
        Files.writeString(share().resolve("already-there"), "someone else's file");
        Map<String, List<Object>> before = state(share());
        VolumeDriver driver = driver(EnumSet.of(Capability.THIN, Capability.THICK), "fewer_qcow2_volumes = true");

        Throwable thrown = catchThrowable(driver::doSetup);

        assertRefused(thrown, "fewer_qcow2_volumes", config() + ":6");
        assertThat(((RemoteFsException) thrown).details()).containsEntry("value", "true")
                .containsEntry("capabilities", "THICK, THIN");
        assertThat(state(share())).isEqualTo(before);
        assertThat(share().resolve(".cinderSecureEnvIndicator")).doesNotExist();
    }

    @Test
    void thickVolumesWithoutThickAreRefusedAtSetupBeforeTheShareIsMade() throws Exception {
        VolumeDriver driver = driver(EnumSet.of(Capability.THIN, Capability.QCOW2), "fewer_sparsed_volumes = false");

        assertRefused(catchThrowable(driver::doSetup), "fewer_sparsed_volumes",
                config() + ":6");
        // localfs makes a missing share directory when it "mounts" it: the refusal comes first
        assertThat(share()).doesNotExist();
    }

    @Test
    void theDefaultThinLayoutWithoutThinIsRefusedNamingTheDefaultsLine() throws Exception {
        VolumeDriver driver = driver(EnumSet.of(Capability.QCOW2));

        assertRefused(catchThrowable(driver::doSetup), "fewer_sparsed_volumes",
                config() + ":2");
        assertThat(share()).doesNotExist();
    }

    @Test
    void anOperationThatSetsTheDriverUpOnItsWayIsRefusedEveryTimeAndCreatesNothing() throws Exception {
        VolumeDriver driver = driver(EnumSet.of(Capability.THIN, Capability.THICK), "fewer_qcow2_volumes = yes");
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);

        for (int attempt = 0; attempt < 2; attempt++) {
            assertRefused(catchThrowable(() -> driver.createVolume(volume)),
                    "fewer_qcow2_volumes", config() + ":6");
        }
        assertRefused(catchThrowable(driver::checkForSetupError),
                "fewer_qcow2_volumes", config() + ":6");
        assertThat(share()).doesNotExist();
    }

    @Test
    void declaredLayoutsAreMadeAndQcow2WinsOverAnUndeclaredThickAsInCinder() throws Exception {
        VolumeDriver thin = driver(EnumSet.of(Capability.THIN, Capability.QCOW2));
        thin.doSetup();
        ModelUpdate raw = thin.createVolume(Volume.create(UUID.randomUUID().toString(), 1));
        assertThat(raw.adminMetadata()).containsEntry("format", "raw");

        // sparsed = false alone would ask for THICK, which this driver does not declare
        VolumeDriver qcow2 = driver(EnumSet.of(Capability.THIN, Capability.QCOW2), "fewer_qcow2_volumes = true",
                "fewer_sparsed_volumes = false");
        qcow2.doSetup();
        qcow2.checkForSetupError();
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = qcow2.createVolume(volume);

        assertThat(update.adminMetadata()).containsEntry("format", "qcow2");
        byte[] magic = new byte[4];
        try (var in = Files.newInputStream(share().resolve(volume.name()))) {
            assertThat(in.read(magic)).isEqualTo(4);
        }
        assertThat(magic).containsExactly('Q', 'F', 'I', 0xfb);
    }
}
