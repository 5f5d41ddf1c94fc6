package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.remotefs.core.localfs.LocalFsFixture.listing;
import static org.remotefs.core.localfs.LocalFsFixture.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.api.spi.ImageService;
import org.remotefs.api.spi.ProgressListener;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.image.LocalImageService;
import org.remotefs.core.json.Json;
import org.remotefs.core.volume.ImageHeaderReader;

import com.typesafe.config.ConfigUtil;

/**
 * Image copies convert in a fresh private directory per copy, inside a checked
 * {@code image_conversion_dir}, and leave nothing behind. The directory is looked at while the
 * copy runs: by the command runner when qemu-img reads the downloaded image, and by the image
 * service when it downloads or uploads.
 */
final class LocalFsConversionDirectoryIT {
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path dir;

    /** What was seen of a file in a conversion directory while a copy ran. */
    private record Seen(Path file, Set<PosixFilePermission> fileMode, Set<PosixFilePermission> directoryMode) {

        static Seen of(Path file) {
            try {
                return new Seen(file, Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS),
                        Files.getPosixFilePermissions(file.getParent(), LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path directory() {
            return file.getParent();
        }
    }

    /** Runs commands for real, looking at the source of each {@code qemu-img convert} first. */
    private static final class ConvertWatcher implements CommandRunner {
        private final CommandRunner delegate = new ExecCommandRunner(new RootHelper(List.of()), Duration.ofMinutes(5));
        final List<Seen> sources = new CopyOnWriteArrayList<>();

        @Override
        public CommandResult run(Command command) {
            List<String> arguments = command.arguments();
            if (arguments.size() > 1 && arguments.get(0).equals("qemu-img") && arguments.get(1).equals("convert")) {
                // qemu-img convert -f <fmt> -O <fmt> <source> <target>
                sources.add(Seen.of(Path.of(arguments.get(6))));
            }
            return delegate.run(command);
        }
    }

    /** The local image service, looking at the files it is handed; its uploads fail on demand. */
    private static final class WatchingImages implements ImageService {
        private final LocalImageService delegate;
        private final boolean failUploads;
        final List<Seen> downloads = new CopyOnWriteArrayList<>();
        final List<Seen> uploads = new CopyOnWriteArrayList<>();

        WatchingImages(Path images, boolean failUploads) {
            this.delegate = new LocalImageService(images, Json.mapper(), new ImageHeaderReader());
            this.failUploads = failUploads;
        }

        @Override
        public ImageMetadata show(String imageId) {
            return delegate.show(imageId);
        }

        @Override
        public void download(String imageId, Path target, ProgressListener progress) {
            delegate.download(imageId, target, progress);
            downloads.add(Seen.of(target));
        }

        @Override
        public ImageMetadata create(String name, String diskFormat) {
            return delegate.create(name, diskFormat);
        }

        @Override
        public void upload(String imageId, Path source, ProgressListener progress) {
            uploads.add(Seen.of(source));
            if (failUploads) {
                throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, "upload refused by the test",
                        Map.of("image_id", imageId));
            }
            delegate.upload(imageId, source, progress);
        }

        @Override
        public void delete(String imageId) {
            delegate.delete(imageId);
        }
    }

    private Path share() {
        return dir.resolve("share");
    }

    private Path images() {
        return dir.resolve("images");
    }

    private Path conversion() throws IOException {
        return Files.createDirectories(dir.resolve("conversion"));
    }

    private VolumeDriver driver(String options, CommandRunner runner, ImageService images) {
        VolumeDriverProvider provider = new LocalFsDriverProvider()
                .withReplacements(binder -> binder.bind(CommandRunner.class).toInstance(runner));
        String text = "remotefs.backends.t { driver = localfs, nas_share_path = " + ConfigUtil.quoteString(share().toString())
                + "\n" + options + "\n}";
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read("t", configuration.settingsBlock("t", "localfs"),
                provider.options());
        return provider.create(DriverContext.of(settings).withImageService(images));
    }

    private static String conversionOption(Path directory) {
        return "image_conversion_dir = " + ConfigUtil.quoteString(directory.toString());
    }

    private static Volume create(VolumeDriver driver, int size) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), size);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
    }

    private void qcow2Image(String name, String size) throws Exception {
        Files.createDirectories(images());
        run("qemu-img", "create", "-f", "qcow2", images().resolve(name).toString(), size);
    }

    private static void assertCode(RemoteFsException e, ErrorCode code) {
        assertThat(e.code()).isEqualTo(code);
    }

    // ------------------------------------------------------------------ image to volume

    @Test
    void eachImageCopyConvertsFromAFreshPrivateDirectoryInTheConfiguredOneAndRemovesIt() throws Exception {
        Path conversion = conversion();
        ConvertWatcher runner = new ConvertWatcher();
        VolumeDriver driver = driver(conversionOption(conversion), runner, new WatchingImages(images(), false));
        qcow2Image("cirros.qcow2", "64M");

        driver.copyImageToVolume(create(driver, 1), new ImageRef("cirros.qcow2", null, null));
        driver.copyImageToVolume(create(driver, 1), new ImageRef("cirros.qcow2", null, null));

        assertThat(runner.sources).hasSize(2).allSatisfy(seen -> {
            assertThat(seen.directory().getParent()).isEqualTo(conversion);
            assertThat(seen.directoryMode()).isEqualTo(OWNER_ONLY_DIRECTORY);
            assertThat(seen.fileMode()).isEqualTo(OWNER_ONLY_FILE);
            assertThat(seen.directory()).doesNotExist();
        });
        assertThat(runner.sources.get(0).directory()).isNotEqualTo(runner.sources.get(1).directory());
        assertThat(conversion).isEmptyDirectory();
    }

    @Test
    void withoutAConfiguredDirectoryTheCopyConvertsInTheSystemTemporaryDirectory() throws Exception {
        ConvertWatcher runner = new ConvertWatcher();
        VolumeDriver driver = driver("", runner, new WatchingImages(images(), false));
        qcow2Image("cirros.qcow2", "64M");

        driver.copyImageToVolume(create(driver, 1), new ImageRef("cirros.qcow2", null, null));

        assertThat(runner.sources).singleElement().satisfies(seen -> {
            assertThat(seen.directory().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(seen.directoryMode()).isEqualTo(OWNER_ONLY_DIRECTORY);
            assertThat(seen.fileMode()).isEqualTo(OWNER_ONLY_FILE);
            assertThat(seen.directory()).doesNotExist();
        });
    }

    @Test
    void anUnacceptableImageLeavesNoConversionDirectoryAndChangesNoVolume() throws Exception {
        Path conversion = conversion();
        WatchingImages images = new WatchingImages(images(), false);
        VolumeDriver driver = driver(conversionOption(conversion), new ConvertWatcher(), images);
        qcow2Image("too-big.qcow2", "2G");
        Volume volume = create(driver, 1);
        Map<String, Long> before = listing(share());

        assertThatThrownBy(() -> driver.copyImageToVolume(volume, new ImageRef("too-big.qcow2", null, null)))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> assertCode(e, ErrorCode.IMAGE_UNACCEPTABLE));

        assertThat(images.downloads).singleElement().satisfies(seen -> {
            assertThat(seen.directory().getParent()).isEqualTo(conversion);
            assertThat(seen.directoryMode()).isEqualTo(OWNER_ONLY_DIRECTORY);
            assertThat(seen.directory()).doesNotExist();
        });
        assertThat(conversion).isEmptyDirectory();
        assertThat(listing(share())).isEqualTo(before);
    }

    // ------------------------------------------------------------------ volume to image

    @Test
    void aVolumeIsFlattenedInAFreshPrivateDirectoryAndItsImageGetsTheSecureBackendsMode() throws Exception {
        Path conversion = conversion();
        WatchingImages images = new WatchingImages(images(), false);
        VolumeDriver driver = driver(conversionOption(conversion) + "\nnas_secure_file_permissions = true",
                new ConvertWatcher(), images);
        Volume volume = create(driver, 1);

        driver.copyVolumeToImage(volume, new ImageRef("backup", "backup", "raw"));

        Set<PosixFilePermission> volumeMode = PosixFilePermissions.fromString("rw-rw----");
        assertThat(Files.getPosixFilePermissions(share().resolve(volume.name()))).isEqualTo(volumeMode);
        assertThat(images.uploads).singleElement().satisfies(seen -> {
            assertThat(seen.directory().getParent()).isEqualTo(conversion);
            assertThat(seen.directoryMode()).isEqualTo(OWNER_ONLY_DIRECTORY);
            assertThat(seen.fileMode()).isEqualTo(volumeMode);
            assertThat(seen.directory()).doesNotExist();
        });
        assertThat(Files.getPosixFilePermissions(images().resolve("backup"))).isEqualTo(volumeMode);
        assertThat(conversion).isEmptyDirectory();
    }

    @Test
    void onABackendWithoutSecurePermissionsTheImageIsReadableAndWritableByAll() throws Exception {
        WatchingImages images = new WatchingImages(images(), false);
        VolumeDriver driver = driver(conversionOption(conversion()) + "\nnas_secure_file_permissions = false",
                new ConvertWatcher(), images);
        Volume volume = create(driver, 1);

        driver.copyVolumeToImage(volume, new ImageRef("backup", "backup", "raw"));

        assertThat(Files.getPosixFilePermissions(images().resolve("backup")))
                .containsAll(PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(images.uploads).singleElement().satisfies(seen -> {
            assertThat(seen.directoryMode()).isEqualTo(OWNER_ONLY_DIRECTORY);
            assertThat(seen.directory()).doesNotExist();
        });
    }

    @Test
    void aFailingUploadLeavesNoConversionDirectory() throws Exception {
        Path conversion = conversion();
        WatchingImages images = new WatchingImages(images(), true);
        VolumeDriver driver = driver(conversionOption(conversion), new ConvertWatcher(), images);
        Volume volume = create(driver, 1);

        assertThatThrownBy(() -> driver.copyVolumeToImage(volume, new ImageRef("backup", "backup", "raw")))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> assertCode(e, ErrorCode.IMAGE_SERVICE_ERROR));

        assertThat(images.uploads).singleElement().satisfies(seen -> {
            assertThat(seen.directory().getParent()).isEqualTo(conversion);
            assertThat(seen.directory()).doesNotExist();
        });
        assertThat(conversion).isEmptyDirectory();
    }

    // ------------------------------------------------------------------ the configured directory

    @Test
    void aMissingNonDirectoryOrWorldWritableConversionDirectoryIsRefusedAtSetupWritingNothing() throws Exception {
        Path missing = dir.resolve("missing");
        Path file = Files.writeString(dir.resolve("file"), "not a directory");
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        for (Path value : List.of(missing, file, open)) {
            VolumeDriver driver = driver(conversionOption(value), new ConvertWatcher(), new WatchingImages(images(), false));

            assertThatThrownBy(driver::doSetup).as(value.toString())
                    .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                        assertCode(e, ErrorCode.INVALID_CONFIGURATION_VALUE);
                        assertThat(e.details()).containsEntry("option", "image_conversion_dir")
                                .containsEntry("value", value.toString());
                    });
        }

        // not even the share directory (localfs makes it at setup) or its security indicator
        assertThat(share()).doesNotExist();
        assertThat(missing).doesNotExist();
        assertThat(file).hasContent("not a directory");
        assertThat(open).isEmptyDirectory();
    }

    @Test
    void aConversionDirectoryRemovedAfterSetupIsRefusedAtTheCopyAndNotMadeAgain() throws Exception {
        Path conversion = conversion();
        VolumeDriver driver = driver(conversionOption(conversion), new ConvertWatcher(), new WatchingImages(images(), false));
        qcow2Image("cirros.qcow2", "64M");
        Volume volume = create(driver, 1);
        Map<String, Long> before = listing(share());
        Files.delete(conversion);

        assertThatThrownBy(() -> driver.copyImageToVolume(volume, new ImageRef("cirros.qcow2", null, null)))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertCode(e, ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.details()).containsEntry("option", "image_conversion_dir");
                });

        assertThat(conversion).doesNotExist();
        assertThat(listing(share())).isEqualTo(before);
    }
}
