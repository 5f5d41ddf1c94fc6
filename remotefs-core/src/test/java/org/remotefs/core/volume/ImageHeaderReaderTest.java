package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** Hand-made headers; {@code LocalFsDriverIT} compares the reader with real qemu-img images. */
final class ImageHeaderReaderTest {
    private final ImageHeaderReader reader = new ImageHeaderReader();

    @TempDir
    Path dir;

    private Path qcow2(int version, long virtualSize, String backing, int declaredBackingSize, int fileLength)
            throws IOException {
        ByteBuffer header = ByteBuffer.allocate(fileLength);
        header.putInt(0, 0x514649fb).putInt(4, version).putInt(20, 16).putLong(24, virtualSize);
        if (version == 3 && fileLength >= 104) {
            header.putInt(100, 104);
        }
        if (backing != null) {
            byte[] name = backing.getBytes(StandardCharsets.UTF_8);
            header.putLong(8, 512).putInt(16, declaredBackingSize);
            header.put(512, name, 0, Math.min(name.length, Math.max(0, fileLength - 512)));
        }
        Path file = dir.resolve("image-" + System.nanoTime());
        Files.write(file, header.array());
        return file;
    }

    @Test
    void rawFilesAreTheirLength() throws IOException {
        Path raw = dir.resolve("raw");
        Files.write(raw, new byte[4096]);

        assertThat(reader.read(raw)).isEqualTo(ImageHeader.plain(ImageFormat.RAW, 4096));
    }

    @Test
    void anEmptyFileIsRaw() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));

        assertThat(reader.read(empty).format()).isEqualTo(ImageFormat.RAW);
        assertThat(reader.read(empty).virtualSize()).isZero();
    }

    @Test
    void readsQcow2VirtualSizeAndBackingName() throws IOException {
        Path overlay = qcow2(3, 5L << 30, "volume-x", 8, 1024);

        ImageHeader header = reader.read(overlay);

        assertThat(header.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(header.virtualSize()).isEqualTo(5L << 30);
        assertThat(header.backingFile()).contains("volume-x");
    }

    @Test
    void version2HeadersAreRead() throws IOException {
        assertThat(reader.read(qcow2(2, 1L << 30, null, 0, 72)).virtualSize()).isEqualTo(1L << 30);
    }

    @Test
    void recognisesOtherMagics() throws IOException {
        Path luks = dir.resolve("luks");
        Files.write(luks, "LUKS\u00ba\u00be\0\1padding".getBytes(StandardCharsets.ISO_8859_1));
        Path vhdx = dir.resolve("vhdx");
        Files.write(vhdx, "vhdxfile-and-more".getBytes(StandardCharsets.ISO_8859_1));
        Path vmdk = dir.resolve("vmdk");
        Files.write(vmdk, "KDMV\1\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        Path vpc = dir.resolve("vpc");
        byte[] fixedVhd = new byte[1024];
        System.arraycopy("conectix".getBytes(StandardCharsets.ISO_8859_1), 0, fixedVhd, 512, 8);
        Files.write(vpc, fixedVhd);

        assertThat(reader.read(luks).format()).isEqualTo(ImageFormat.LUKS);
        assertThat(reader.read(vhdx).format()).isEqualTo(ImageFormat.VHDX);
        assertThat(reader.read(vmdk).format()).isEqualTo(ImageFormat.VMDK);
        assertThat(reader.read(vpc).format()).isEqualTo(ImageFormat.VPC);
    }

    @Test
    void refusesATruncatedHeader() throws IOException {
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, ByteBuffer.allocate(40).putInt(0, 0x514649fb).putInt(4, 3).array());

        assertInvalid(truncated);
    }

    @Test
    void refusesAnUnknownVersion() throws IOException {
        assertInvalid(qcow2(4, 1L << 30, null, 0, 512));
    }

    @Test
    void refusesABackingNameBeyondTheFile() throws IOException {
        assertInvalid(qcow2(3, 1L << 30, "volume-x", 8, 515));
    }

    @Test
    void refusesABackingNameLongerThanQemuAllows() throws IOException {
        assertInvalid(qcow2(3, 1L << 30, "x".repeat(1100), 1100, 2048));
        assertInvalid(qcow2(3, 1L << 30, "x", -1, 1024));
    }

    @Test
    void qcowVersion1IsNotQcow2() throws IOException {
        assertThat(reader.read(qcow2(1, 1L << 30, null, 0, 512)).format()).isEqualTo(ImageFormat.QCOW);
    }

    /** A v3 header with the given incompatible bits and extensions (type, text) after it. */
    private Path qcow2WithExtensions(long incompatible, Object... extensions) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4096);
        header.putInt(0, 0x514649fb).putInt(4, 3).putInt(20, 16).putLong(24, 1L << 30).putLong(72, incompatible)
                .putInt(100, 112);
        int position = 112;
        for (int i = 0; i < extensions.length; i += 2) {
            byte[] data = ((String) extensions[i + 1]).getBytes(StandardCharsets.UTF_8);
            header.putInt(position, (Integer) extensions[i]).putInt(position + 4, data.length);
            header.put(position + 8, data);
            position += 8 + ((data.length + 7) & ~7);
        }
        Path file = dir.resolve("ext-" + System.nanoTime());
        Files.write(file, header.array());
        return file;
    }

    @Test
    void readsTheBackingFormatExtension() throws IOException {
        ImageHeader header = reader.read(qcow2WithExtensions(0, 0xe2792aca, "raw"));

        assertThat(header.backingFormat()).contains("raw");
        assertThat(header.externalDataFile()).isEmpty();
        assertThat(header.requireSafe(dir)).isSameAs(header);
    }

    @Test
    void anExternalDataFileIsRefusedWhetherNamedOrOnlyFlagged() throws IOException {
        ImageHeader named = reader.read(qcow2WithExtensions(0, 0x44415441, "/etc/shadow"));
        ImageHeader flagged = reader.read(qcow2WithExtensions(1L << 2));

        assertThat(named.externalDataFile()).contains("/etc/shadow");
        assertThat(flagged.externalDataFile()).contains("");
        for (ImageHeader header : java.util.List.of(named, flagged)) {
            assertThatThrownBy(() -> header.requireSafe(dir))
                    .isInstanceOf(RemoteFsException.class)
                    .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
        }
    }

    @Test
    void unknownIncompatibleFeaturesAreRefusedKnownOnesAreNot() throws IOException {
        ImageHeader dirty = reader.read(qcow2WithExtensions(1L));
        ImageHeader unknown = reader.read(qcow2WithExtensions(1L << 7));

        assertThat(dirty.requireSafe(dir)).isSameAs(dirty);
        assertThatThrownBy(() -> unknown.requireSafe(dir))
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
    }

    @Test
    void anExtensionRunningPastTheClusterIsMalformed() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(1024);
        header.putInt(0, 0x514649fb).putInt(4, 3).putInt(20, 9).putLong(24, 1L << 30).putInt(100, 112);
        header.putInt(112, 0xe2792aca).putInt(116, 600);
        Path file = dir.resolve("overflow");
        Files.write(file, header.array());

        assertInvalid(file);
    }

    @Test
    void vmdkAndQcowVersion1AreRefusedOnAShare() throws IOException {
        Path vmdk = dir.resolve("vmdk");
        Files.write(vmdk, "KDMV\1\0\0\0".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> reader.read(vmdk).requireSafe(vmdk))
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
        assertThatThrownBy(() -> reader.read(qcow2(1, 1L << 30, null, 0, 512)).requireSafe(vmdk))
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
    }

    // found by ImageHeaderFuzzTest: a backing name offset near 2^63 overflowed the bounds check, and
    // the read far beyond the file failed as SHARE_IO_ERROR (a share fault) or gave an empty name
    @Test
    void aBackingNameOffsetNearTheEndOfTheAddressSpaceIsMalformed() throws IOException {
        for (long offset : new long[]{Long.MAX_VALUE - 4, Long.MAX_VALUE - 100, Long.MAX_VALUE}) {
            Path file = qcow2(3, 1L << 30, "volume-x", 8, 1024);
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer.wrap(bytes).putLong(8, offset);
            Files.write(file, bytes);

            assertInvalid(file);
        }
    }

    private void assertInvalid(Path file) {
        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_VOLUME);
    }
}
