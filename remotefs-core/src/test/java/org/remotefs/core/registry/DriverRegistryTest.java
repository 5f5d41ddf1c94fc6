package org.remotefs.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.localfs.LocalFsDriverProvider;

final class DriverRegistryTest {
    private static final ClassLoader LOADER = DriverRegistryTest.class.getClassLoader();

    @TempDir
    Path dir;

    /** A class loader that sees one more service file listing the given classes. */
    private URLClassLoader withServiceFile(String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(VolumeDriverProvider.class.getName()), String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, LOADER);
    }

    private static RemoteFsException error(Throwable e) {
        return (RemoteFsException) e;
    }

    @Test
    void findsTheBuiltInLocalfsProvider() {
        DriverRegistry registry = DriverRegistry.discover(LOADER);

        assertThat(registry.provider("localfs")).isInstanceOf(LocalFsDriverProvider.class);
        assertThat(registry.candidates()).extracting(c -> c.provider().id()).containsExactly("localfs");
        assertThat(registry.candidates().get(0).location()).contains("classes");
        assertThat(registry.failures()).isEmpty();
    }

    @Test
    void anUnknownIdListsTheIdsFound() {
        assertThatThrownBy(() -> DriverRegistry.discover(LOADER).provider("nfs"))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(error(e).code()).isEqualTo(ErrorCode.DRIVER_NOT_FOUND);
                    assertThat(error(e).details()).containsEntry("driver", "nfs").containsEntry("found", "localfs");
                });
    }

    @Test
    void twoProvidersWithOneIdAreNamedWithTheirLocations() throws IOException {
        try (URLClassLoader loader = withServiceFile(TestProviders.SecondLocalFs.class.getName())) {
            DriverRegistry registry = DriverRegistry.discover(loader);

            assertThatThrownBy(() -> registry.provider("localfs"))
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> {
                        assertThat(error(e).code()).isEqualTo(ErrorCode.DUPLICATE_DRIVER);
                        assertThat(e.getMessage()).contains(LocalFsDriverProvider.class.getName(),
                                TestProviders.SecondLocalFs.class.getName(), "classes", "test-classes");
                    });
            assertThat(registry.candidates()).hasSize(2);
        }
    }

    @Test
    void aProviderThatFailsToLoadIsReportedAndTheOthersServe() throws IOException {
        try (URLClassLoader loader = withServiceFile(TestProviders.Exploding.class.getName(),
                "org.remotefs.NoSuchProvider")) {
            DriverRegistry registry = DriverRegistry.discover(loader);

            assertThat(registry.failures()).hasSize(2);
            assertThat(registry.provider("localfs")).isInstanceOf(LocalFsDriverProvider.class);
            assertThatThrownBy(() -> registry.provider("exploding"))
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> {
                        assertThat(error(e).code()).isEqualTo(ErrorCode.DRIVER_LOAD_FAILED);
                        assertThat(e.getMessage()).contains(TestProviders.Exploding.class.getName(),
                                "org.remotefs.NoSuchProvider", "localfs");
                    });
        }
    }

    @Test
    void anIncompatibleSpiVersionIsRefused() throws IOException {
        try (URLClassLoader loader = withServiceFile(TestProviders.FutureSpi.class.getName())) {
            DriverRegistry registry = DriverRegistry.discover(loader);

            assertThat(registry.candidates()).anySatisfy(c -> assertThat(c.spiCompatible()).isFalse());
            assertThatThrownBy(() -> registry.provider("future"))
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> {
                        assertThat(error(e).code()).isEqualTo(ErrorCode.INCOMPATIBLE_SPI_VERSION);
                        assertThat(error(e).details()).containsEntry("spi_version",
                                Integer.toString(VolumeDriverProvider.SPI_VERSION + 1));
                    });
        }
    }

    @Test
    void aProviderThatFailsToBuildItsDriverIsReportedWithTheBackend() throws IOException {
        try (URLClassLoader loader = withServiceFile(TestProviders.FailsToBuild.class.getName())) {
            DriverRegistry registry = DriverRegistry.discover(loader);
            RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(
                    "remotefs.backends.x { driver = fails-to-build }", "test", loader);

            assertThatThrownBy(() -> registry.create(configuration, "x"))
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> {
                        assertThat(error(e).code()).isEqualTo(ErrorCode.DRIVER_LOAD_FAILED);
                        assertThat(error(e).details()).containsEntry("backend", "x");
                    });
        }
    }

    @Test
    void buildsTheDriverOfAConfiguredBackendWithoutTouchingItsShares() {
        Path share = dir.resolve("not-yet");
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(
                "remotefs.backends.b { driver = localfs, nas_share_path = \"" + share + "\" }", "test", LOADER);

        VolumeDriver driver = DriverRegistry.discover(LOADER).create(configuration, "b");

        assertThat(driver.driverId()).isEqualTo("localfs");
        assertThat(share).doesNotExist();
    }

    @Test
    void aBackendNamingAnUnknownDriverSaysWhichIdsExist() {
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(
                "remotefs.backends.b { driver = nosuch }", "test", LOADER);

        assertThatThrownBy(() -> DriverRegistry.discover(LOADER).create(configuration, "b"))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(error(e).code()).isEqualTo(ErrorCode.DRIVER_NOT_FOUND);
                    assertThat(e.getMessage()).contains("nosuch", "localfs");
                });
    }
}
