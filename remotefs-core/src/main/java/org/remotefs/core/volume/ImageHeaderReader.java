package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Reads image headers in-process: the format from its magic, the virtual size and a qcow2 backing
 * file name, without starting {@code qemu-img info}. Big-endian fields, as the qcow2 specification
 * sets them. A header that claims more than the file holds is refused.
 */
public final class ImageHeaderReader {
    private static final int QCOW_MAGIC = 0x514649fb;
    private static final int MAX_BACKING_NAME = 1023;

    /**
     * @throws RemoteFsException {@link ErrorCode#INVALID_VOLUME} for a malformed qcow2 header,
     *         {@link ErrorCode#SHARE_IO_ERROR} when the file cannot be read
     */
    public ImageHeader read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            ByteBuffer head = ByteBuffer.allocate(512);
            channel.read(head, 0);
            head.flip();
            ImageFormat format = magic(head, channel, length);
            if (format != ImageFormat.QCOW2) {
                return new ImageHeader(format, format == ImageFormat.RAW ? length : -1, Optional.empty());
            }
            return qcow2(file, head, channel, length);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read image header of " + file + ": " + e,
                    Map.of("file", file.toString()), e);
        }
    }

    private static ImageFormat magic(ByteBuffer head, FileChannel channel, long length) throws IOException {
        if (head.remaining() >= 8) {
            if (head.getInt(0) == QCOW_MAGIC) {
                int version = head.getInt(4);
                return version == 1 ? ImageFormat.QCOW : ImageFormat.QCOW2;
            }
            if (startsWith(head, "LUKS\u00ba\u00be")) {
                return ImageFormat.LUKS;
            }
            if (startsWith(head, "vhdxfile")) {
                return ImageFormat.VHDX;
            }
            if (startsWith(head, "KDMV")) {
                return ImageFormat.VMDK;
            }
            if (startsWith(head, "QED\0")) {
                return ImageFormat.QED;
            }
            if (startsWith(head, "conectix")) {
                return ImageFormat.VPC;
            }
        }
        if (length >= 512) {
            ByteBuffer footer = ByteBuffer.allocate(8);
            channel.read(footer, length - 512);
            footer.flip();
            if (startsWith(footer, "conectix")) {
                return ImageFormat.VPC;
            }
        }
        return ImageFormat.RAW;
    }

    private static ImageHeader qcow2(Path file, ByteBuffer head, FileChannel channel, long length) throws IOException {
        if (head.remaining() < 72) {
            throw malformed(file, "the qcow2 header is truncated (" + head.remaining() + " bytes)");
        }
        int version = head.getInt(4);
        if (version != 2 && version != 3) {
            throw malformed(file, "qcow2 version " + version + " is not 2 or 3");
        }
        long backingOffset = head.getLong(8);
        int backingSize = head.getInt(16);
        long virtualSize = head.getLong(24);
        if (virtualSize < 0) {
            throw malformed(file, "the qcow2 virtual size is negative");
        }
        if (backingOffset == 0) {
            return new ImageHeader(ImageFormat.QCOW2, virtualSize, Optional.empty());
        }
        if (backingSize <= 0 || backingSize > MAX_BACKING_NAME) {
            throw malformed(file, "the qcow2 backing file name length " + Integer.toUnsignedString(backingSize)
                    + " is not within 1..1023");
        }
        if (backingOffset < 0 || backingOffset + backingSize > length) {
            throw malformed(file, "the qcow2 backing file name lies beyond the end of the file");
        }
        ByteBuffer name = ByteBuffer.allocate(backingSize);
        channel.read(name, backingOffset);
        name.flip();
        return new ImageHeader(ImageFormat.QCOW2, virtualSize, Optional.of(StandardCharsets.UTF_8.decode(name).toString()));
    }

    private static boolean startsWith(ByteBuffer buffer, String latin1) {
        byte[] expected = latin1.getBytes(StandardCharsets.ISO_8859_1);
        if (buffer.remaining() < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (buffer.get(i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static RemoteFsException malformed(Path file, String why) {
        return new RemoteFsException(ErrorCode.INVALID_VOLUME, file + " is not a valid image: " + why,
                Map.of("file", file.toString()));
    }
}
