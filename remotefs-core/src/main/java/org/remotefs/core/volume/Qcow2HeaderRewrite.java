package org.remotefs.core.volume;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The header cluster {@code qemu-img rebase -u -f qcow2 -b <backing> -F <format> <image>} of qemu
 * 7.2 writes, computed from the image's present one, so that re-pointing an image needs no
 * process. {@code Qcow2HeaderRewriteTest} compares it with the installed qemu-img byte for byte.
 *
 * <p>What qemu does ({@code qcow2_change_backing_file}, then {@code qcow2_update_header}): it
 * builds the whole first cluster anew from what it read at open — the 112 bytes of header fields
 * (those it keeps unchanged, the backing name's offset and length new, the padding after the
 * compression type zero), then the header extensions in its order (backing format; the
 * feature-name table for clusters over 4 KiB; bitmaps, unknown extensions — not covered here),
 * the end marker, the backing name (not NUL-terminated), and zeros to the cluster's end — and
 * writes that cluster at offset 0 in one write. Nothing else of the file changes.
 *
 * <p>Covered, and so rewritten here, is only an image whose every header byte qemu would write
 * back as read: a {@linkplain #clean clean version-3 header} as qemu-img and
 * {@link Qcow2OverlayLayout} write it, whose extensions are only a backing format and a feature
 * table, whose present backing name qemu would accept, whose first cluster lies whole in the file,
 * and where the new header fits the first cluster. Anything else is left to qemu-img (empty).
 */
public final class Qcow2HeaderRewrite {
    static final int MAGIC = 0x514649fb;
    /** The version-3 header's fields with the compression type: qemu 7.2's {@code sizeof(QCowHeader)}. */
    static final int HEADER_LENGTH = 112;
    private static final int MIN_CLUSTER_BITS = 9;
    private static final int MAX_CLUSTER_BITS = 21;
    private static final int EXT_END = 0;
    private static final int EXT_BACKING_FORMAT = 0xe2792aca;
    /** qemu refuses longer backing names ({@code qcow2_change_backing_file}). */
    private static final int MAX_BACKING_NAME = 1023;
    /** qemu keeps a backing format in 16 bytes with its NUL: a longer one would be cut. */
    private static final int MAX_BACKING_FORMAT = 15;
    private static final int BACKING_OFFSET = 8;
    private static final int BACKING_SIZE = 16;

    private Qcow2HeaderRewrite() {
    }

    /**
     * Whether a qcow2 header is the plain kind qemu-img 7.2 and {@link Qcow2OverlayLayout} write,
     * one qemu opens read-write without writing to it and writes back field for field: version 3,
     * a cluster size qemu accepts, no encryption, no internal snapshot, no feature bit (so not
     * dirty, no external data file, no bitmaps, no lazy refcounts), 16-bit refcounts, the 112-byte
     * header with zlib compression, and a size of whole 512-byte sectors (qemu keeps the size in
     * sectors and would round another one down).
     *
     * @param header at least the first {@value #HEADER_LENGTH} bytes of the file, from index 0
     */
    static boolean clean(ByteBuffer header) {
        if (header.limit() < HEADER_LENGTH) {
            return false;
        }
        int clusterBits = header.getInt(20);
        return header.getInt(0) == MAGIC && header.getInt(4) == 3
                && clusterBits >= MIN_CLUSTER_BITS && clusterBits <= MAX_CLUSTER_BITS
                && header.getLong(24) % 512 == 0 && header.getLong(24) >= 0
                && header.getInt(32) == 0 // encryption
                && header.getInt(60) == 0 // internal snapshots
                && header.getLong(72) == 0 && header.getLong(80) == 0 && header.getLong(88) == 0 // feature bits
                && header.getInt(96) == 4 // 16-bit refcounts
                && header.getInt(100) == HEADER_LENGTH
                && header.get(104) == 0; // zlib
    }

    /** The cluster size a header declares: 1 << cluster_bits (callers check {@link #clean} first). */
    static int clusterSize(ByteBuffer header) {
        return 1 << header.getInt(20);
    }

    /**
     * The first cluster as qemu-img's rebase would write it.
     *
     * @param cluster       the image's first cluster as it is, from index 0 to its limit (a file
     *                      shorter than a cluster gives fewer bytes: not covered)
     * @param backingName   the new backing name as recorded
     * @param backingFormat the new backing format's qemu name
     * @return the new cluster, of the cluster's size; empty when this rewrite does not cover the
     *         image or the names (qemu-img then runs, and reports what it refuses)
     */
    public static Optional<ByteBuffer> rebased(ByteBuffer cluster, String backingName, String backingFormat) {
        if (!clean(cluster)) {
            return Optional.empty();
        }
        int clusterSize = clusterSize(cluster);
        byte[] name = backingName.getBytes(StandardCharsets.UTF_8);
        byte[] format = backingFormat.getBytes(StandardCharsets.UTF_8);
        if (cluster.limit() < clusterSize || !readable(cluster, clusterSize) || name.length == 0
                || name.length > MAX_BACKING_NAME || format.length == 0 || format.length > MAX_BACKING_FORMAT
                || contains(name, (byte) 0) || contains(format, (byte) 0)) {
            return Optional.empty();
        }
        int backingFormatExtension = HEADER_LENGTH;
        int afterFormat = backingFormatExtension + 8 + padded(format.length);
        int endMarker = Qcow2FeatureTable.writtenFor(clusterSize)
                ? afterFormat + Qcow2FeatureTable.EXTENSION_LENGTH : afterFormat;
        int nameOffset = endMarker + 8;
        if (nameOffset + name.length > clusterSize) {
            return Optional.empty(); // qemu fails with ENOSPC, changing nothing
        }
        ByteBuffer rebased = ByteBuffer.allocate(clusterSize);
        rebased.put(cluster.duplicate().position(0).limit(105)); // the fields up to the compression type
        rebased.putLong(BACKING_OFFSET, nameOffset).putInt(BACKING_SIZE, name.length);
        rebased.position(backingFormatExtension);
        rebased.putInt(EXT_BACKING_FORMAT).putInt(format.length).put(format);
        rebased.position(afterFormat);
        if (Qcow2FeatureTable.writtenFor(clusterSize)) {
            Qcow2FeatureTable.put(rebased);
        }
        rebased.position(nameOffset); // the end marker is 8 zero bytes
        rebased.put(name);
        return Optional.of(rebased.clear());
    }

    /**
     * Whether qemu would open the image and write back nothing it does not know: its backing name
     * (if any) within the limits qemu reads it by, and its extensions only a backing format and a
     * feature table (each once), ended by the end marker before the backing name.
     */
    private static boolean readable(ByteBuffer cluster, int clusterSize) {
        long backingOffset = cluster.getLong(BACKING_OFFSET);
        long backingSize = Integer.toUnsignedLong(cluster.getInt(BACKING_SIZE));
        long extensionsEnd = clusterSize;
        if (backingOffset != 0) {
            if (backingOffset < HEADER_LENGTH || backingOffset > clusterSize || backingSize > MAX_BACKING_NAME
                    || backingSize > clusterSize - backingOffset) {
                return false;
            }
            extensionsEnd = backingOffset;
        }
        boolean format = false;
        boolean features = false;
        long at = HEADER_LENGTH;
        while (at + 8 <= extensionsEnd) {
            int type = cluster.getInt((int) at);
            long length = Integer.toUnsignedLong(cluster.getInt((int) at + 4));
            at += 8;
            if (type == EXT_END) {
                return true;
            }
            if (length > extensionsEnd - at) {
                return false;
            }
            if (type == EXT_BACKING_FORMAT && !format) {
                format = true;
            } else if (type == Qcow2FeatureTable.EXTENSION_TYPE && !features) {
                features = true;
            } else {
                return false; // bitmaps, encryption, a data file, one qemu does not know: qemu-img keeps them
            }
            at += padded(length);
        }
        return false; // no end marker where qemu stops reading
    }

    private static boolean contains(byte[] bytes, byte value) {
        for (byte b : bytes) {
            if (b == value) {
                return true;
            }
        }
        return false;
    }

    private static long padded(long length) {
        return (length + 7) & ~7L;
    }

    private static int padded(int length) {
        return (length + 7) & ~7;
    }
}
