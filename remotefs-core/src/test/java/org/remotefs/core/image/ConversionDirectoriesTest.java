package org.remotefs.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

final class ConversionDirectoriesTest {

    @TempDir
    Path dir;

    private ConversionDirectories configured(Path directory) {
        return new ConversionDirectories(Optional.of(directory), dir.resolve("system-tmp"));
    }

    private static void assertRefused(ConversionDirectories directories, Path value) {
        assertThatThrownBy(directories::create)
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.details()).containsEntry("option", "image_conversion_dir")
                            .containsEntry("value", value.toString());
                });
    }

    @Test
    void aMissingConfiguredDirectoryIsRefusedAndNotCreated() {
        Path missing = dir.resolve("missing");

        assertRefused(configured(missing), missing);

        assertThat(missing).doesNotExist();
    }

    @Test
    void aConfiguredFileIsRefusedAndLeftAsItWas() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "not a directory");

        assertRefused(configured(file), file);

        assertThat(file).hasContent("not a directory");
    }

    @Test
    void aWorldWritableConfiguredDirectoryIsRefusedAndNothingIsWrittenInIt() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertRefused(configured(open), open);

        assertThat(open).isEmptyDirectory();
    }

    @Test
    void aDirectoryThatBecomesWorldWritableAfterTheCheckIsRefusedAtUse() throws IOException {
        Path conversion = Files.createDirectory(dir.resolve("conversion"));
        ConversionDirectories directories = configured(conversion);
        directories.check();

        Files.setPosixFilePermissions(conversion, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertRefused(directories, conversion);
        assertThat(conversion).isEmptyDirectory();
    }

    @Test
    void eachConversionGetsAFreshOwnerOnlyDirectoryInTheConfiguredOne() throws IOException {
        Path conversion = Files.createDirectory(dir.resolve("conversion"));
        ConversionDirectories directories = configured(conversion);

        try (ConversionDirectory first = directories.create(); ConversionDirectory second = directories.create()) {
            assertThat(first.path().getParent()).isEqualTo(conversion);
            assertThat(second.path().getParent()).isEqualTo(conversion);
            assertThat(first.path()).isNotEqualTo(second.path());
            assertThat(Files.getPosixFilePermissions(first.path()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        assertThat(conversion).isEmptyDirectory();
    }

    @Test
    void withoutAConfiguredDirectoryTheSystemTemporaryOneIsUsed() throws IOException {
        Path systemTemporary = Files.createDirectory(dir.resolve("system-tmp"));

        try (ConversionDirectory conversion = new ConversionDirectories(Optional.empty(), systemTemporary).create()) {
            assertThat(conversion.path().getParent()).isEqualTo(systemTemporary);
        }
        assertThat(systemTemporary).isEmptyDirectory();
    }

    @Test
    void aFileMadeOwnerOnlyHasMode600() throws IOException {
        Path conversion = Files.createDirectory(dir.resolve("conversion"));
        try (ConversionDirectory directory = configured(conversion).create()) {
            Path file = Files.writeString(directory.resolve("image"), "x");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

            directory.ownerOnly(file);

            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void closingRemovesEverythingInsideAndFollowsNoLink() throws IOException {
        Path conversion = Files.createDirectory(dir.resolve("conversion"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path outsideFile = Files.writeString(outside.resolve("keep"), "keep");
        ConversionDirectory directory = configured(conversion).create();
        Files.writeString(directory.resolve("image"), "image");
        Files.writeString(Files.createDirectory(directory.resolve("nested")).resolve("file"), "nested");
        Files.createSymbolicLink(directory.resolve("link-to-directory"), outside);
        Files.createSymbolicLink(directory.resolve("link-to-file"), outsideFile);

        directory.close();

        assertThat(directory.path()).doesNotExist();
        assertThat(Files.exists(directory.path(), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outsideFile).hasContent("keep");
        assertThat(conversion).isEmptyDirectory();
    }
}
