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
import org.remotefs.core.share.ShareCalls;

import jakarta.inject.Singleton;

/**
 * Reads image headers in-process — format, virtual size, qcow2 backing file and format, external
 * data file, incompatible features — so that format checks and chain walks start no
 * {@code qemu-img info}. Fields are big-endian, as the qcow2 specification sets them. A header
 * that claims more than the file holds, or is cut short, is refused as malformed.
 */
@Singleton
public final class ImageHeaderReader {
    private static final int QCOW_MAGIC = 0x514649fb;
    private static final int MAX_BACKING_NAME = 1023;
    private static final int V2_HEADER_LENGTH = 72;
    private static final int V3_MIN_HEADER_LENGTH = 104;
    private static final int EXT_END = 0;
    private static final int EXT_BACKING_FORMAT = 0xe2792aca;
    private static final int EXT_DATA_FILE = 0x44415441;
    /** Incompatible bits known: dirty, corrupt, external data file, compression type, extended L2. */
    private static final long KNOWN_INCOMPATIBLE = 0b11111;
    private static final long INCOMPATIBLE_DATA_FILE = 1L << 2;

    private final ShareCalls calls;

    /** Reads on the caller's thread, without a deadline. */
    public ImageHeaderReader() {
        this(ShareCalls.unbounded());
    }

    /** @param calls bounds each read by the share's deadline ({@code share_io_timeout}) */
    @jakarta.inject.Inject
    public ImageHeaderReader(ShareCalls calls) {
        this.calls = calls;
    }

    /** What bounds the reads, for callers that read beside them (a chain walk). */
    public ShareCalls calls() {
        return calls;
    }

    /**
     * @throws RemoteFsException {@link ErrorCode#INVALID_VOLUME} for a malformed qcow2 header,
     *         {@link ErrorCode#SHARE_IO_ERROR} when the file cannot be read
     */
    public ImageHeader read(Path file) {
        try {
            return calls.call(file, () -> readFrom(file));
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read image header of " + file + ": " + e,
                    Map.of("file", file.toString()), e);
        }
    }

    private static ImageHeader readFrom(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            ByteBuffer head = ChannelReads.readAt(channel, 0, (int) Math.min(length, 512));
            ImageFormat format = magic(head, channel, length);
            if (format == ImageFormat.QCOW2) {
                return qcow2(file, head, channel, length);
            }
            return ImageHeader.plain(format, format == ImageFormat.RAW ? length : -1);
        }
    }

    private static ImageFormat magic(ByteBuffer head, FileChannel channel, long length) throws IOException {
        if (head.remaining() >= 4 && head.getInt(0) == QCOW_MAGIC) {
            return head.remaining() >= 8 && head.getInt(4) == 1 ? ImageFormat.QCOW : ImageFormat.QCOW2;
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
        if (length >= 512 && startsWith(ChannelReads.readAt(channel, length - 512, 8), "conectix")) {
            return ImageFormat.VPC;
        }
        return ImageFormat.RAW;
    }

    private static ImageHeader qcow2(Path file, ByteBuffer head, FileChannel channel, long length) throws IOException {
        if (head.remaining() < V2_HEADER_LENGTH) {
            throw malformed(file, "the qcow2 header is cut short at " + head.remaining() + " bytes");
        }
        int version = head.getInt(4);
        if (version != 2 && version != 3) {
            throw malformed(file, "qcow2 version " + version + " is not 2 or 3");
        }
        long backingOffset = head.getLong(8);
        int backingSize = head.getInt(16);
        int clusterBits = head.getInt(20);
        long virtualSize = head.getLong(24);
        boolean encrypted = head.getInt(32) != 0;
        if (clusterBits < 9 || clusterBits > 21) {
            throw malformed(file, "cluster_bits " + clusterBits + " is not within 9..21");
        }
        if (virtualSize < 0) {
            throw malformed(file, "the virtual size is negative");
        }
        long incompatible = 0;
        int headerLength = V2_HEADER_LENGTH;
        if (version == 3) {
            if (head.remaining() < V3_MIN_HEADER_LENGTH) {
                throw malformed(file, "the qcow2 v3 header is cut short at " + head.remaining() + " bytes");
            }
            incompatible = head.getLong(72);
            headerLength = head.getInt(100);
            if (headerLength < V3_MIN_HEADER_LENGTH || headerLength > head.remaining()) {
                throw malformed(file, "header_length " + Integer.toUnsignedString(headerLength) + " is impossible");
            }
        }
        Optional<String> backing = Optional.empty();
        if (backingOffset != 0) {
            if (backingSize <= 0 || backingSize > MAX_BACKING_NAME) {
                throw malformed(file, "the backing file name length " + Integer.toUnsignedString(backingSize)
                        + " is not within 1..1023");
            }
            // not backingOffset + backingSize > length: an offset near 2^63 overflows that sum, and the
            // read far beyond the file then failed as a share I/O error (or read nothing)
            if (backingOffset < 0 || backingOffset > length - backingSize) {
                throw malformed(file, "the backing file name lies beyond the end of the file");
            }
            backing = Optional.of(StandardCharsets.UTF_8.decode(ChannelReads.readAt(channel, backingOffset, backingSize)).toString());
        }
        Extensions extensions = extensions(file, channel, headerLength, 1L << clusterBits, length,
                backingOffset == 0 ? Long.MAX_VALUE : backingOffset);
        Optional<String> dataFile = extensions.dataFile;
        if (dataFile.isEmpty() && (incompatible & INCOMPATIBLE_DATA_FILE) != 0) {
            dataFile = Optional.of("");
        }
        return new ImageHeader(ImageFormat.QCOW2, virtualSize, backing, extensions.backingFormat, dataFile,
                incompatible & ~KNOWN_INCOMPATIBLE, encrypted);
    }

    private record Extensions(Optional<String> backingFormat, Optional<String> dataFile) {
    }

    /** Header extensions: (type, length, data padded to 8 bytes) until type 0, inside the first cluster. */
    private static Extensions extensions(Path file, FileChannel channel, int start, long clusterSize, long length,
                                         long backingOffset) throws IOException {
        long end = Math.min(Math.min(clusterSize, length), backingOffset);
        Optional<String> backingFormat = Optional.empty();
        Optional<String> dataFile = Optional.empty();
        long position = start;
        while (position + 8 <= end) {
            ByteBuffer entry = ChannelReads.readAt(channel, position, 8);
            int type = entry.getInt(0);
            long size = Integer.toUnsignedLong(entry.getInt(4));
            if (type == EXT_END) {
                return new Extensions(backingFormat, dataFile);
            }
            if (position + 8 + size > end) {
                throw malformed(file, "header extension 0x" + Integer.toHexString(type) + " runs past the first cluster");
            }
            if (type == EXT_BACKING_FORMAT || type == EXT_DATA_FILE) {
                String value = StandardCharsets.UTF_8.decode(ChannelReads.readAt(channel, position + 8, (int) size)).toString();
                if (type == EXT_BACKING_FORMAT) {
                    backingFormat = Optional.of(value);
                } else {
                    dataFile = Optional.of(value);
                }
            }
            position += 8 + ((size + 7) & ~7L);
        }
        // No end marker within bounds: qemu reads a v2 header without extensions this way too.
        return new Extensions(backingFormat, dataFile);
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
