package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bytes of an empty qcow2 overlay exactly as {@code qemu-img create -f qcow2 -b <backing> -F
 * <format> <file> <size>} of qemu 7.2 writes them with its defaults (version 3, 64 KiB clusters,
 * 16-bit refcounts, zlib, no extended L2, no lazy refcounts), so that a snapshot's overlay needs no
 * process. {@code Qcow2OverlayLayoutTest} compares this with the installed qemu-img byte for byte.
 *
 * <p>What qemu's {@code qcow2_co_create} leaves behind, step by step: cluster 0 is the header
 * (rewritten by {@code qcow2_update_header} with the backing-format extension, the feature-name
 * table, the end marker and then the backing name, not NUL-terminated); cluster 1 the refcount
 * table with one entry, cluster 2 that refcount block; then {@code truncate} grows the L1 table
 * from nothing to exactly the entries the size needs ({@code qcow2_grow_l1_table} with
 * {@code exact_size}), allocated at cluster 3 and written only as far as its entries reach — the
 * file ends there, not at a cluster boundary. Every cluster in use has refcount 1.
 *
 * @param virtualSize   the size in bytes, rounded up to 512 as qemu-img rounds it
 * @param backingName   the backing file's name as recorded (relative to the overlay)
 * @param backingFormat the backing format's qemu name
 */
public record Qcow2OverlayLayout(long virtualSize, String backingName, String backingFormat) {
    private static final int CLUSTER_BITS = 16;
    private static final long CLUSTER = 1L << CLUSTER_BITS;
    /** One L1 entry maps one L2 table: 8192 entries of 64 KiB. */
    private static final long BYTES_PER_L1_ENTRY = CLUSTER * (CLUSTER / 8);
    /** qemu's {@code QCOW_MAX_L1_SIZE} (32 MiB of entries): beyond it qemu-img says the size is too large. */
    private static final long MAX_L1_ENTRIES = (32L << 20) / 8;
    /**
     * A plain name longer than a file name may be ({@code NAME_MAX}) names no file qemu-img could
     * open (it refuses names over 1023 bytes in any case, {@code qcow2_change_backing_file}).
     */
    private static final int MAX_BACKING_NAME = 255;
    private static final long REFCOUNT_TABLE = CLUSTER;
    private static final long REFCOUNT_BLOCK = 2 * CLUSTER;
    private static final long L1_TABLE = 3 * CLUSTER;
    private static final int HEADER_LENGTH = 112;
    private static final int EXT_BACKING_FORMAT = 0xe2792aca;
    /**
     * Backing names a plain file name stands for: no {@code /}, no {@code :} (qemu would read a
     * protocol prefix such as {@code json:}), not {@code .} or {@code ..}. Cinder's names all are.
     */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Set<ImageFormat> BACKING_FORMATS =
            Set.of(ImageFormat.RAW, ImageFormat.QCOW2, ImageFormat.VPC, ImageFormat.VHDX);

    /**
     * The overlay qemu-img would write, when this writer covers the request: a size from 0 to
     * qemu's limit for 64 KiB clusters (2 PiB), a plain backing name of at most 255 bytes and a
     * backing format among raw, qcow2, vpc and vhdx. Empty otherwise: then qemu-img runs.
     */
    public static Optional<Qcow2OverlayLayout> of(long size, String backingName, ImageFormat backingFormat) {
        if (size < 0 || size > Long.MAX_VALUE - 511 || !BACKING_FORMATS.contains(backingFormat)
                || !PLAIN_NAME.matcher(backingName).matches()
                || backingName.getBytes(StandardCharsets.UTF_8).length > MAX_BACKING_NAME) {
            return Optional.empty();
        }
        // qemu-img rounds a size up to whole 512-byte sectors
        long rounded = (size + 511) & ~511L;
        if (entries(rounded) > MAX_L1_ENTRIES) {
            return Optional.empty();
        }
        return Optional.of(new Qcow2OverlayLayout(rounded, backingName, backingFormat.qemuName()));
    }

    private static long entries(long size) {
        return (size + BYTES_PER_L1_ENTRY - 1) / BYTES_PER_L1_ENTRY;
    }

    /** The L1 table's entries. */
    public long l1Entries() {
        return entries(virtualSize);
    }

    /** The file's length: the L1 table's end, or the refcount block's end when there is no L1 table. */
    public long fileLength() {
        return l1Entries() == 0 ? L1_TABLE : L1_TABLE + l1Entries() * 8;
    }

    /**
     * Writes the overlay into an empty file. Only the non-zero bytes are written and the file is
     * then extended to its length: what reads back is qemu-img's file, byte for byte (its zeros
     * read back from holes).
     */
    public void writeTo(FileChannel channel) throws IOException {
        writeFully(channel, header(), 0);
        writeFully(channel, ByteBuffer.allocate(8).putLong(0, REFCOUNT_BLOCK), REFCOUNT_TABLE);
        writeFully(channel, refcounts(), REFCOUNT_BLOCK);
        writeFully(channel, ByteBuffer.allocate(1), fileLength() - 1);
    }

    private ByteBuffer header() {
        byte[] format = backingFormat.getBytes(StandardCharsets.US_ASCII);
        byte[] name = backingName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate((int) CLUSTER);
        header.putInt(0x514649fb).putInt(3);
        int backingFormatExtension = HEADER_LENGTH;
        int featureTable = backingFormatExtension + 8 + padded(format.length);
        int endMarker = featureTable + Qcow2FeatureTable.EXTENSION_LENGTH;
        int nameOffset = endMarker + 8;
        header.putLong(nameOffset).putInt(name.length).putInt(CLUSTER_BITS).putLong(virtualSize)
                .putInt(0) // no encryption
                .putInt((int) l1Entries()).putLong(l1Entries() == 0 ? 0 : L1_TABLE)
                .putLong(REFCOUNT_TABLE).putInt(1) // one refcount table cluster
                .putInt(0).putLong(0) // no internal snapshots
                .putLong(0).putLong(0).putLong(0) // incompatible, compatible, autoclear features
                .putInt(4) // refcount_order: 16-bit refcounts
                .putInt(HEADER_LENGTH)
                .put((byte) 0); // compression type zlib, then padding to 112
        header.position(backingFormatExtension);
        header.putInt(EXT_BACKING_FORMAT).putInt(format.length).put(format);
        header.position(featureTable);
        Qcow2FeatureTable.put(header);
        header.position(nameOffset); // the end marker is 8 zero bytes
        header.put(name);
        header.flip();
        return header;
    }

    private ByteBuffer refcounts() {
        long l1Clusters = (l1Entries() * 8 + CLUSTER - 1) / CLUSTER;
        int clusters = (int) (3 + l1Clusters);
        ByteBuffer block = ByteBuffer.allocate(clusters * 2);
        for (int i = 0; i < clusters; i++) {
            block.putShort((short) 1);
        }
        block.flip();
        return block;
    }

    private static int padded(int length) {
        return (length + 7) & ~7;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
