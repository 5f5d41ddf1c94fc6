package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.host.OperationGuard;

/**
 * Merges a qcow2 overlay into its backing file, keeping the overlay ({@code qemu-img commit -d}):
 * in-process where the overlay allocates no cluster, else {@code qemu-img commit} as before.
 *
 * <p>What qemu-img 7.2 does for such an overlay ({@code Qcow2CommitsTest} compares both, byte
 * for byte, on both files): its commit job copies what the overlay allocates — nothing; it grows the
 * backing file to the overlay's size when that is larger ({@code blk_truncate}, as {@code qemu-img
 * resize} does); with {@code -d} it leaves the overlay as it is; opening and closing both images
 * read-write writes nothing to a clean qcow2 header (no dirty bit to clear, no autoclear bit to
 * drop). So the whole commit is that growth, which {@link InPlaceGrowth} makes where it is
 * provably qemu's, or nothing at all.
 *
 * <p>Left to qemu-img: a file the root helper must write; an overlay whose header is not
 * {@linkplain Qcow2HeaderRewrite#clean clean}, that has no backing file, or whose L1 table points
 * at an L2 table with any entry set (data, a zero cluster, a compressed one), or at more L2 tables
 * than {@value #MAX_L2_TABLES}; a backing file that is neither raw nor a clean qcow2 image, or whose
 * size is not whole sectors; and a growth that {@link InPlaceGrowth} does not cover (it changes
 * nothing before it declines).
 */
public final class Qcow2Commits {
    /** More L1 entries than this (over 64 TiB at 64 KiB clusters) are not read: qemu-img commits. */
    private static final long MAX_L1_ENTRIES = 1L << 20;
    /** An overlay with more allocated L2 tables than this is read faster by qemu-img than here. */
    private static final int MAX_L2_TABLES = 64;
    /** Bits of an L1 entry that hold the L2 table's offset; bit 63 is the "copied" flag. */
    private static final long L2_OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    private static final long COPIED = 1L << 63;

    private final QemuImg qemuImg;
    private final FileOperations fileOperations;
    private final InPlaceGrowth growth;
    private final OperationGuard guard;

    public Qcow2Commits(QemuImg qemuImg, FileOperations fileOperations, InPlaceGrowth growth, OperationGuard guard) {
        this.qemuImg = qemuImg;
        this.fileOperations = fileOperations;
        this.growth = growth;
        this.guard = guard;
    }

    /**
     * Commits {@code overlay} into {@code base}, its backing file, keeping the overlay.
     *
     * @param baseFormat        the base's format, as the chain reads it
     * @param baseBackingSize   the virtual size of the base's own backing file, 0 when it has none
     * @throws RemoteFsException {@link ErrorCode#SHARE_IO_ERROR} (or {@code NO_SPACE}) on I/O errors;
     *         {@link ErrorCode#PROCESS_EXECUTION} from qemu-img; {@link ErrorCode#INTERRUPTED},
     *         {@link ErrorCode#LOCK_LOST}
     */
    public void commit(Path overlay, Path base, ImageFormat baseFormat, long baseBackingSize, boolean asRoot) {
        if (!committedInProcess(overlay, base, baseFormat, baseBackingSize, asRoot)) {
            qemuImg.commit(overlay, asRoot);
        }
    }

    /** Whether the commit was done here; false: nothing was changed, qemu-img must run. */
    boolean committedInProcess(Path overlay, Path base, ImageFormat baseFormat, long baseBackingSize,
                               boolean asRoot) {
        if (!fileOperations.inProcess(asRoot) || (baseFormat != ImageFormat.RAW && baseFormat != ImageFormat.QCOW2)) {
            return false;
        }
        long overlaySize;
        long baseSize;
        try {
            overlaySize = fileOperations.calls().call(overlay, () -> emptyOverlaySize(overlay));
            baseSize = overlaySize < 0 ? -1 : fileOperations.calls().call(base, () -> baseSize(base, baseFormat));
        } catch (IOException e) {
            throw new RemoteFsException(IoErrors.codeOf(e), "cannot read " + overlay + " or " + base + ": " + e,
                    Map.of("file", overlay.toString()), e);
        }
        if (overlaySize < 0 || baseSize < 0) {
            return false;
        }
        // the same check ExecCommandRunner makes before it starts qemu-img
        guard.beforeWrite("committing " + overlay.getFileName());
        return overlaySize <= baseSize || growth.grow(base, baseFormat, overlaySize, baseBackingSize, asRoot);
    }

    /** The overlay's virtual size when it is a clean qcow2 overlay that allocates no cluster; else -1. */
    private static long emptyOverlaySize(Path overlay) throws IOException {
        try (FileChannel channel = FileChannel.open(overlay, StandardOpenOption.READ)) {
            ByteBuffer header = ChannelReads.readAt(channel, 0, Qcow2HeaderRewrite.HEADER_LENGTH);
            if (!Qcow2HeaderRewrite.clean(header) || header.getLong(8) == 0) {
                return -1; // not covered, or no backing file: qemu-img commit refuses it
            }
            long clusterSize = Qcow2HeaderRewrite.clusterSize(header);
            long entries = Integer.toUnsignedLong(header.getInt(36));
            long l1Offset = header.getLong(40);
            long length = channel.size();
            if (entries == 0) {
                return header.getLong(24);
            }
            // not l1Offset + entries * 8 > length: an offset near 2^63 overflows that sum
            if (entries > MAX_L1_ENTRIES || l1Offset <= 0 || l1Offset % clusterSize != 0
                    || l1Offset > length - entries * 8) {
                return -1;
            }
            ByteBuffer table = ChannelReads.readAt(channel, l1Offset, (int) (entries * 8));
            int tables = 0;
            while (table.remaining() >= 8) {
                long entry = table.getLong();
                if (entry == 0) {
                    continue;
                }
                long l2Offset = entry & L2_OFFSET_MASK;
                if ((entry & ~(L2_OFFSET_MASK | COPIED)) != 0 || l2Offset == 0 || l2Offset % clusterSize != 0
                        || l2Offset > length - clusterSize || ++tables > MAX_L2_TABLES
                        || !zeros(ChannelReads.readAt(channel, l2Offset, (int) clusterSize))) {
                    return -1;
                }
            }
            return header.getLong(24);
        }
    }

    /**
     * The base's size as qemu's commit job compares it (a raw file's length, a qcow2 image's
     * virtual size) when opening it read-write and growing it changes nothing qemu would not; else -1.
     */
    private static long baseSize(Path base, ImageFormat format) throws IOException {
        try (FileChannel channel = FileChannel.open(base, StandardOpenOption.READ)) {
            if (format == ImageFormat.RAW) {
                // qemu counts a raw file in whole sectors: another length would compare rounded up
                return channel.size() % 512 == 0 ? channel.size() : -1;
            }
            ByteBuffer header = ChannelReads.readAt(channel, 0, Qcow2HeaderRewrite.HEADER_LENGTH);
            return Qcow2HeaderRewrite.clean(header) ? header.getLong(24) : -1;
        }
    }

    private static boolean zeros(ByteBuffer buffer) {
        if (buffer.remaining() % 8 != 0) {
            return false;
        }
        while (buffer.hasRemaining()) {
            if (buffer.getLong() != 0) {
                return false;
            }
        }
        return true;
    }
}
