package org.remotefs.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.core.json.Json;
import org.remotefs.core.volume.ImageHeaderReader;

final class LocalImageServiceTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aLongDownloadReportsProgressUpToTheWholeImageAndCopiesItExactly() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        byte[] content = new byte[5 * MIB + 123];
        new Random(7).nextBytes(content);
        // a zero MiB in the middle becomes a hole, the bytes stay the same
        java.util.Arrays.fill(content, 2 * MIB, 3 * MIB, (byte) 0);
        Files.write(images.resolve("disk"), content);
        LocalImageService service = new LocalImageService(images, Json.mapper(), new ImageHeaderReader());
        List<long[]> calls = new ArrayList<>();

        Path target = dir.resolve("copy");
        service.download("disk", target, (done, total) -> calls.add(new long[] {done, total}));

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(calls).hasSizeGreaterThan(1);
        assertThat(calls).allSatisfy(call -> assertThat(call[1]).isEqualTo(content.length));
        assertThat(calls).extracting(call -> call[0]).isSorted().last().isEqualTo((long) content.length);
    }

    @Test
    void anUploadReportsProgressToo() throws IOException {
        Path images = dir.resolve("images");
        Path source = dir.resolve("volume");
        byte[] content = new byte[3 * MIB];
        new Random(9).nextBytes(content);
        Files.write(source, content);
        LocalImageService service = new LocalImageService(images, Json.mapper(), new ImageHeaderReader());
        List<Integer> tenths = new ArrayList<>();

        String id = service.create("backup", "raw").id();
        service.upload(id, source, new TenthsProgress(tenths::add));

        assertThat(Files.readAllBytes(images.resolve(id))).isEqualTo(content);
        assertThat(tenths).startsWith(30).endsWith(100).isSorted();
    }

    @Test
    void anImagesMetadataFileIsNoImage() throws IOException {
        Path images = dir.resolve("images");
        LocalImageService service = new LocalImageService(images, Json.mapper(), new ImageHeaderReader());
        String id = service.create("backup", "raw").id();
        service.upload(id, Files.write(dir.resolve("volume"), new byte[4096]), (done, total) -> { });
        assertThat(images.resolve(id + ".meta.json")).isRegularFile();

        assertThat(service.show(id).id()).isEqualTo(id);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.show(id + ".meta.json"))
                .isInstanceOfSatisfying(org.remotefs.api.RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(org.remotefs.api.ErrorCode.IMAGE_NOT_FOUND));
    }

    @Test
    void anUploadedImageGetsExactlyItsSourcesPermissionBits() throws IOException {
        Path images = dir.resolve("images");
        LocalImageService service = new LocalImageService(images, Json.mapper(), new ImageHeaderReader());
        // 660 as a secure backend's volume, 666 (beyond the usual umask) as an insecure one's
        for (String mode : new String[] {"rw-rw----", "rw-rw-rw-"}) {
            Path source = Files.write(dir.resolve("volume-" + mode), new byte[4096]);
            Files.setPosixFilePermissions(source, PosixFilePermissions.fromString(mode));
            String id = service.create("backup-" + mode, "raw").id();

            service.upload(id, source, (done, total) -> { });

            assertThat(Files.getPosixFilePermissions(images.resolve(id))).as(mode)
                    .isEqualTo(PosixFilePermissions.fromString(mode));
        }
    }
}
