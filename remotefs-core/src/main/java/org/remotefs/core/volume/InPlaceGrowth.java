package org.remotefs.core.volume;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.host.OperationGuard;

/**
 * Grows an image without a process where what {@code qemu-img resize} (qemu 7.2) does is trivial
 * and the result is the same file, byte for byte ({@code InPlaceGrowthTest} compares both):
 *
 * <ul>
 * <li>raw: qemu's raw driver grows a file with {@code ftruncate} (preallocation off) and flushes
 *     it on close — the same here;</li>
 * <li>qcow2: when the L1 table already has an entry for every new cluster, {@code qcow2_co_truncate}
 *     writes only the header's size field ({@code bdrv_pwrite_sync} of 8 bytes at offset 24) — the
 *     same here. Eight bytes inside the first sector are written in one piece, so a crash leaves
 *     the old size or the new one, never an unreadable header;</li>
 * <li>qcow2 whose L1 table must grow (a volume with snapshots grown by whole GiB): the new table
 *     written where qemu puts it, refcounts and header as qemu leaves them ({@link Qcow2L1Growth},
 *     which says how a crash leaves the image), where that can be shown to be qemu's result.</li>
 * </ul>
 *
 * Anything else is left to qemu-img ({@link #grow} returns false): a file a root helper must
 * write; a qcow2 header other than the clean version-3 header qemu 7.2 writes (internal snapshots,
 * encryption, feature bits, another header length), tables qemu would refuse to open (an L1 table
 * too small for the size or over 32 MiB, unaligned tables), an L1 table whose growth {@link Qcow2L1Growth}
 * does not cover (a refcount block to allocate, ...), a size that is not a multiple of 512, and a
 * backing image longer than the old size (qemu then writes zeros over the grown area:
 * {@code bdrv_co_truncate}'s {@code BDRV_REQ_ZERO_WRITE}).
 */
public final class InPlaceGrowth {
    private static final int QCOW_MAGIC = 0x514649fb;
    private static final int HEADER_BYTES = 112;
    private static final int SIZE_OFFSET = 24;
    /** qemu's {@code QCOW_MAX_L1_SIZE}: 32 MiB of 8-byte entries. */
    private static final long MAX_L1_ENTRIES = (32L << 20) / 8;
    /** qemu's {@code QCOW_MAX_REFTABLE_SIZE}. */
    private static final long MAX_REFCOUNT_TABLE_BYTES = 8L << 20;

    private final FileOperations fileOperations;
    private final OperationGuard guard;

    public InPlaceGrowth(FileOperations fileOperations, OperationGuard guard) {
        this.fileOperations = fileOperations;
        this.guard = guard;
    }

    /**
     * Grows {@code path} to {@code newSize} bytes if it can be done here; the caller verifies the
     * size afterwards, as after qemu-img.
     *
     * @param backingSize the virtual size of the image's backing file, 0 when it has none
     * @return whether it was grown; false: run {@code qemu-img resize}
     */
    public boolean grow(Path path, ImageFormat format, long newSize, long backingSize, boolean asRoot) {
        if (!fileOperations.inProcess(asRoot) || newSize % 512 != 0) {
            return false;
        }
        return switch (format) {
            case RAW -> growRaw(path, newSize);
            case QCOW2 -> growQcow2(path, newSize, backingSize);
            default -> false;
        };
    }

    private boolean growRaw(Path path, long newSize) {
        guard.beforeWrite("growing " + path.getFileName());
        try {
            // one call bounded by the share's deadline, as each growth here is a few writes
            return fileOperations.calls().call(path, () -> growRawNow(path, newSize));
        } catch (IOException e) {
            throw io(path, e);
        }
    }

    private static boolean growRawNow(Path path, long newSize) throws IOException {
        // RandomAccessFile.setLength is ftruncate(2), as qemu's raw driver
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            if (file.length() >= newSize) {
                return false;
            }
            file.setLength(newSize);
            file.getChannel().force(true);
            return true;
        }
    }

    private boolean growQcow2(Path path, long newSize, long backingSize) {
        // the write guard checks the stop signal and the operation's leases, which belong to this
        // thread: it runs here, not on the thread that bounds the share call
        guard.beforeWrite("growing " + path.getFileName());
        try {
            return fileOperations.calls().call(path, () -> growQcow2Now(path, newSize, backingSize));
        } catch (IOException e) {
            throw io(path, e);
        }
    }

    private static boolean growQcow2Now(Path path, long newSize, long backingSize) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Optional<Qcow2Growth> growth = qcow2Growth(channel, newSize, backingSize);
            if (growth.isEmpty()) {
                return false;
            }
            growth.get().apply(channel);
            return true;
        }
    }

    /** The writes that grow an open qcow2 image as {@code qemu-img resize} would. */
    @FunctionalInterface
    interface Qcow2Growth {
        void apply(FileChannel channel) throws IOException;
    }

    /**
     * What growing the image open on {@code channel} to {@code newSize} takes, when it can be done
     * here with qemu-img's result; empty: leave it to qemu-img. Reads only.
     */
    static Optional<Qcow2Growth> qcow2Growth(FileChannel channel, long newSize, long backingSize) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
            // read the whole fixed header
        }
        if (header.hasRemaining() || !clean(header.flip(), newSize, backingSize)) {
            return Optional.empty();
        }
        if (!hasRoom(header, newSize)) {
            return Qcow2L1Growth.plan(channel, header, newSize).map(plan -> plan::apply);
        }
        return Optional.of(target -> writeSize(target, newSize));
    }

    /** qemu's size-only growth: the 8 bytes of the size field, synced. */
    private static void writeSize(FileChannel channel, long newSize) throws IOException {
        ByteBuffer size = ByteBuffer.allocate(8).putLong(0, newSize);
        while (size.hasRemaining()) {
            channel.write(size, SIZE_OFFSET + size.position());
        }
        channel.force(true);
    }

    /**
     * Whether this is a header qemu-img resize grows without anything but its own metadata: the
     * clean version-3 header qemu 7.2 writes, a larger size, no backing data to cover with zeros.
     */
    static boolean clean(ByteBuffer header, long newSize, long backingSize) {
        int clusterBits = header.getInt(20);
        long oldSize = header.getLong(SIZE_OFFSET);
        if (header.getInt(0) != QCOW_MAGIC || header.getInt(4) != 3 || clusterBits < 9 || clusterBits > 21
                || header.getInt(32) != 0 // encryption
                || header.getInt(60) != 0 // internal snapshots
                || header.getLong(72) != 0 || header.getLong(80) != 0 || header.getLong(88) != 0 // feature bits
                || header.getInt(96) != 4 // 16-bit refcounts
                || header.getInt(100) != HEADER_BYTES
                || header.get(104) != 0 // zlib
                || newSize <= oldSize || backingSize > oldSize) {
            return false;
        }
        return opensInQemu(header, clusterBits, oldSize);
    }

    /**
     * What qemu checks of the tables when it opens an image ({@code qcow2_do_open}): an L1 table of
     * at least the entries the size needs and at most 32 MiB of them, cluster-aligned; a refcount
     * table of 1 to 8 MiB, cluster-aligned. An image that fails them is qemu-img's to refuse.
     */
    private static boolean opensInQemu(ByteBuffer header, int clusterBits, long size) {
        long cluster = 1L << clusterBits;
        long perEntry = cluster * (cluster / 8);
        long l1Entries = Integer.toUnsignedLong(header.getInt(36));
        long l1Offset = header.getLong(40);
        long refcountTable = header.getLong(48);
        long refcountClusters = Integer.toUnsignedLong(header.getInt(56));
        return l1Entries >= size / perEntry + (size % perEntry == 0 ? 0 : 1) && l1Entries <= MAX_L1_ENTRIES
                && (l1Entries == 0 || (l1Offset > 0 && l1Offset % cluster == 0))
                && refcountTable > 0 && refcountTable % cluster == 0
                && refcountClusters > 0 && refcountClusters * cluster <= MAX_REFCOUNT_TABLE_BYTES;
    }

    /** Whether the L1 table already has an entry for every cluster of the new size: qemu then writes only the size. */
    private static boolean hasRoom(ByteBuffer header, long newSize) {
        int clusterBits = header.getInt(20);
        long l1Entries = header.getInt(36) & 0xffffffffL;
        long bytesPerEntry = (1L << clusterBits) * ((1L << clusterBits) / 8);
        return newSize <= l1Entries * bytesPerEntry;
    }

    private static RemoteFsException io(Path path, IOException e) {
        return new RemoteFsException(IoErrors.codeOf(e), "cannot grow " + path + ": " + e,
                Map.of("file", path.toString()), e);
    }
}
