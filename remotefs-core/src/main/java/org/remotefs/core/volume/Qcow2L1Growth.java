package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code qemu-img resize} (qemu 7.2) writes to a clean qcow2 image whose L1 table is too small
 * for the new size, planned from the file and then written in-process — the same bytes and the same
 * file length ({@code InPlaceGrowthTest} compares both).
 *
 * <p>qemu's steps ({@code qcow2_co_truncate} calls {@code qcow2_grow_l1_table} with
 * {@code exact_size}): the new table has exactly the entries the new size needs; its clusters are
 * the first run of free clusters counted from cluster 0 ({@code alloc_clusters_noref}: the search
 * starts at 0 in a freshly opened image), their refcounts become 1 in the refcount blocks that
 * cover them; the old entries are copied as they are (flags included) and the rest are zeros,
 * written as {@code 8 × entries} bytes (not a whole cluster: a table at the end of the file ends
 * the file); the header's {@code l1_size} and {@code l1_table_offset} are written; the old table's
 * clusters get refcount 0, their bytes left as they were (discards of this kind are off by
 * default, {@code pass-discard-other}); then the header's size. The refcount blocks are written
 * whole by qemu's cache: the same bytes as the entries written here, since a block must lie within
 * the file to be used here.
 *
 * <p>Only what can be shown to be qemu's result is planned ({@link #plan} is empty otherwise, and
 * qemu-img runs): the refcount blocks covering the new clusters exist (qemu would otherwise
 * allocate a block, or grow the refcount table), every table read lies within the file and is
 * cluster-aligned, the old table's clusters are counted in use, the clusters counted free hold no
 * metadata (qemu's overlap check would refuse the write), the new table is within qemu's limit
 * (32 MiB of entries).
 *
 * <p>Crash safety, step by step (each step ends with an fsync): (1) the new table is written into
 * free clusters and they are counted in use — a crash here leaves at worst clusters counted in use
 * that nothing points to, which {@code qemu-img check} reports as leaked (not corruption; {@code
 * -r leaks} reclaims them); (2) one 24-byte write inside the header's first sector sets the size,
 * the table's length and its offset together: the image is the old one or the new one; (3) the old
 * table's clusters are counted free — a crash before leaves them leaked, nothing worse.
 */
final class Qcow2L1Growth {
    /** Steps {@link #apply(FileChannel, int)} takes. */
    static final int STEPS = 3;
    /** qemu's {@code QCOW_MAX_L1_SIZE}: 32 MiB of 8-byte entries. */
    private static final long MAX_L1_ENTRIES = (32L << 20) / 8;
    /** The bits of a refcount-table entry that hold a block's offset ({@code REFT_OFFSET_MASK}). */
    private static final long REFT_OFFSET_MASK = 0xffff_ffff_ffff_fe00L;
    /** The bits of an L1 entry that hold an L2 table's offset ({@code L1E_OFFSET_MASK}). */
    private static final long L1E_OFFSET_MASK = 0x00ff_ffff_ffff_fe00L;
    /** A refcount table larger than this (a file of over 2 PiB at 64 KiB clusters) is left to qemu-img. */
    private static final long MAX_REFCOUNT_TABLE_ENTRIES = 1L << 20;
    private static final int SIZE_OFFSET = 24;

    private final long newSize;
    private final int cryptMethod;
    private final long newEntries;
    private final long newOffset;
    private final ByteBuffer newTable;
    private final List<Refcount> allocated;
    private final List<Refcount> freed;

    private Qcow2L1Growth(long newSize, int cryptMethod, long newEntries, long newOffset, ByteBuffer newTable,
                          List<Refcount> allocated, List<Refcount> freed) {
        this.newSize = newSize;
        this.cryptMethod = cryptMethod;
        this.newEntries = newEntries;
        this.newOffset = newOffset;
        this.newTable = newTable;
        this.allocated = allocated;
        this.freed = freed;
    }

    /**
     * The growth of a clean version-3 image with 16-bit refcounts (the caller checked the header)
     * to {@code newSize}, when its L1 table is too small and qemu's result can be reproduced.
     *
     * @param header the image's first 112 bytes
     */
    static Optional<Qcow2L1Growth> plan(FileChannel channel, ByteBuffer header, long newSize) throws IOException {
        int clusterBits = header.getInt(20);
        long cluster = 1L << clusterBits;
        long fileLength = channel.size();
        long perEntry = cluster * (cluster / 8);
        long newEntries = newSize / perEntry + (newSize % perEntry == 0 ? 0 : 1);
        long oldEntries = Integer.toUnsignedLong(header.getInt(36));
        long oldOffset = header.getLong(40);
        long oldSize = header.getLong(24);
        long oldNeeded = oldSize / perEntry + (oldSize % perEntry == 0 ? 0 : 1);
        if (newEntries <= oldEntries || newEntries > MAX_L1_ENTRIES || oldEntries < oldNeeded) {
            // (a table too small for the image's own size: qemu refuses to open it)
            return Optional.empty();
        }
        if (oldEntries > 0 && (oldOffset <= 0 || oldOffset % cluster != 0 || oldOffset > fileLength - oldEntries * 8)) {
            return Optional.empty();
        }
        Optional<Refcounts> read = Refcounts.of(channel, header, fileLength);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Refcounts refcounts = read.get();
        long clusters = (newEntries * 8 + cluster - 1) / cluster;
        Optional<Long> first = firstFreeRun(refcounts, clusters, (fileLength + cluster - 1) / cluster + clusters);
        if (first.isEmpty()) {
            return Optional.empty();
        }
        List<Refcount> allocated = new ArrayList<>();
        for (long index = first.get(); index < first.get() + clusters; index++) {
            Optional<Refcount> entry = refcounts.entry(index, 1);
            if (entry.isEmpty()) {
                return Optional.empty(); // qemu would allocate a refcount block here
            }
            allocated.add(entry.get());
        }
        List<Refcount> freed = new ArrayList<>();
        if (oldEntries > 0) {
            for (long index = oldOffset / cluster; index <= (oldOffset + oldEntries * 8 - 1) / cluster; index++) {
                long count = refcounts.count(index);
                Optional<Refcount> entry = refcounts.entry(index, (int) count - 1);
                if (count < 1 || entry.isEmpty()) {
                    return Optional.empty(); // qemu would report the image corrupt
                }
                freed.add(entry.get());
            }
        }
        ByteBuffer table = ByteBuffer.allocate((int) (newEntries * 8));
        if (oldEntries > 0) {
            readFully(channel, table.limit((int) (oldEntries * 8)), oldOffset);
        }
        table.clear();
        long start = first.get() * cluster;
        long end = start + clusters * cluster;
        if (overlapsMetadata(start, end, cluster, table, oldEntries, oldOffset, refcounts)) {
            // refcounts that call metadata free: qemu's overlap check refuses the write (image corrupt)
            return Optional.empty();
        }
        for (Refcount entry : concat(allocated, freed)) {
            // qemu writes each refcount block whole, checked against all metadata but refcount blocks
            long block = entry.position() / cluster * cluster;
            if (block < cluster || block < end && block + cluster > start
                    || (oldEntries > 0 && block < oldOffset + oldEntries * 8 && block + cluster > oldOffset)
                    || overlapsL2(block, block + cluster, cluster, table, oldEntries)
                    || refcounts.overlapsTable(block, block + cluster)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Qcow2L1Growth(newSize, header.getInt(32), newEntries, first.get() * cluster, table,
                allocated, freed));
    }

    /**
     * Whether clusters the refcounts call free hold metadata: the header, the refcount table or a
     * block, the L1 table or an L2 table (what qemu's default overlap check guards).
     */
    private static boolean overlapsMetadata(long start, long end, long cluster, ByteBuffer l1, long l1Entries,
                                            long l1Offset, Refcounts refcounts) throws IOException {
        return start < cluster || (l1Entries > 0 && l1Offset < end && l1Offset + l1Entries * 8 > start)
                || refcounts.overlaps(start, end) || overlapsL2(start, end, cluster, l1, l1Entries);
    }

    /** Whether an L2 table the L1 entries name lies within [start, end). */
    private static boolean overlapsL2(long start, long end, long cluster, ByteBuffer l1, long l1Entries) {
        for (int i = 0; i < l1Entries; i++) {
            long l2 = l1.getLong(8 * i) & L1E_OFFSET_MASK;
            if (l2 != 0 && l2 < end && l2 + cluster > start) {
                return true;
            }
        }
        return false;
    }

    private static List<Refcount> concat(List<Refcount> first, List<Refcount> second) {
        List<Refcount> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /** The first cluster of the first {@code clusters} free clusters in a row (qemu's search), if before {@code limit}. */
    private static Optional<Long> firstFreeRun(Refcounts refcounts, long clusters, long limit) throws IOException {
        long start = 0;
        for (long index = 0; index - start < clusters; index++) {
            if (index > limit) {
                return Optional.empty(); // clusters in use beyond the file's end: not an image qemu-img wrote
            }
            long count = refcounts.count(index);
            if (count < 0) {
                return Optional.empty();
            }
            if (count != 0) {
                start = index + 1;
            }
        }
        return Optional.of(start);
    }

    /** Where the new table goes (for tests). */
    long newTableOffset() {
        return newOffset;
    }

    /** Grows the image: all {@link #STEPS} steps. */
    void apply(FileChannel channel) throws IOException {
        apply(channel, STEPS);
    }

    /**
     * The first {@code steps} steps, each made durable before the next (a test stops in between as a
     * crash would). Durable as qemu's flush makes it: {@code fdatasync} (the data and the file's
     * length; not its times, which would cost a journal commit each).
     */
    void apply(FileChannel channel, int steps) throws IOException {
        if (steps >= 1) {
            writeFully(channel, newTable.duplicate(), newOffset);
            write(channel, allocated);
            channel.force(false);
        }
        if (steps >= 2) {
            ByteBuffer fields = ByteBuffer.allocate(24).putLong(newSize).putInt(cryptMethod).putInt((int) newEntries)
                    .putLong(newOffset).flip();
            writeFully(channel, fields, SIZE_OFFSET);
            channel.force(false);
        }
        if (steps >= 3 && !freed.isEmpty()) {
            write(channel, freed);
            channel.force(false);
        }
    }

    /** Writes refcount entries, neighbours in one write. */
    private static void write(FileChannel channel, List<Refcount> entries) throws IOException {
        int from = 0;
        while (from < entries.size()) {
            int to = from + 1;
            while (to < entries.size() && entries.get(to).position() == entries.get(to - 1).position() + 2) {
                to++;
            }
            ByteBuffer run = ByteBuffer.allocate(2 * (to - from));
            for (int i = from; i < to; i++) {
                run.putShort((short) entries.get(i).value());
            }
            writeFully(channel, run.flip(), entries.get(from).position());
            from = to;
        }
    }

    /** A 16-bit refcount to write at a position in the file. */
    private record Refcount(long position, int value) {
    }

    /** The image's refcounts as qemu reads them ({@code qcow2_get_refcount}), blocks read as needed. */
    private static final class Refcounts {
        private final FileChannel channel;
        private final long fileLength;
        private final int clusterBits;
        private final long tableOffset;
        private final long tableEntries;
        /** A block's entry offset by table index; 0: no block. */
        private final Map<Long, Long> blockOffsets = new HashMap<>();
        private final Map<Long, ByteBuffer> blocks = new HashMap<>();

        private Refcounts(FileChannel channel, long fileLength, int clusterBits, long tableOffset, long tableEntries) {
            this.channel = channel;
            this.fileLength = fileLength;
            this.clusterBits = clusterBits;
            this.tableOffset = tableOffset;
            this.tableEntries = tableEntries;
        }

        static Optional<Refcounts> of(FileChannel channel, ByteBuffer header, long fileLength) {
            int clusterBits = header.getInt(20);
            long cluster = 1L << clusterBits;
            long offset = header.getLong(48);
            long clusters = Integer.toUnsignedLong(header.getInt(56));
            long entries = clusters * (cluster / 8);
            if (offset <= 0 || offset % cluster != 0 || clusters == 0 || entries > MAX_REFCOUNT_TABLE_ENTRIES
                    || offset > fileLength - clusters * cluster) {
                return Optional.empty();
            }
            return Optional.of(new Refcounts(channel, fileLength, clusterBits, offset, entries));
        }

        /** Whether the refcount table lies within [start, end). */
        boolean overlapsTable(long start, long end) {
            return tableOffset < end && tableOffset + tableEntries * 8 > start;
        }

        /** Whether the refcount table or one of its blocks lies within [start, end). */
        boolean overlaps(long start, long end) throws IOException {
            long cluster = 1L << clusterBits;
            if (overlapsTable(start, end)) {
                return true;
            }
            ByteBuffer table = ByteBuffer.allocate((int) (tableEntries * 8));
            readFully(channel, table, tableOffset);
            for (int i = 0; i < tableEntries; i++) {
                long block = table.getLong(8 * i) & REFT_OFFSET_MASK;
                if (block != 0 && block < end && block + cluster > start) {
                    return true;
                }
            }
            return false;
        }

                /** Entries per block: 16-bit refcounts. */
        private int blockBits() {
            return clusterBits - 1;
        }

        /** The refcount of a cluster: 0 where no block covers it; -1 where a block cannot be read as qemu would. */
        long count(long cluster) throws IOException {
            long tableIndex = cluster >>> blockBits();
            long block = blockOffset(tableIndex);
            if (block == 0) {
                return 0;
            }
            if (block < 0) {
                return -1;
            }
            ByteBuffer contents = blocks.get(tableIndex);
            if (contents == null) {
                contents = ByteBuffer.allocate(1 << clusterBits);
                readFully(channel, contents, block);
                blocks.put(tableIndex, contents);
            }
            return Short.toUnsignedInt(contents.getShort((int) (2 * (cluster & ((1L << blockBits()) - 1)))));
        }

        /** The entry to write for a cluster's new refcount; empty when no block (within the file) covers it. */
        Optional<Refcount> entry(long cluster, int value) throws IOException {
            long block = blockOffset(cluster >>> blockBits());
            if (block <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Refcount(block + 2 * (cluster & ((1L << blockBits()) - 1)), value));
        }

        /** A block's offset: 0 none, -1 not where qemu could use it (unaligned, beyond the file). */
        private long blockOffset(long tableIndex) throws IOException {
            if (tableIndex >= tableEntries) {
                return 0;
            }
            Long known = blockOffsets.get(tableIndex);
            if (known != null) {
                return known;
            }
            ByteBuffer entry = ByteBuffer.allocate(8);
            readFully(channel, entry, tableOffset + 8 * tableIndex);
            long offset = entry.getLong(0) & REFT_OFFSET_MASK;
            long cluster = 1L << clusterBits;
            long block = offset == 0 ? 0 : offset % cluster != 0 || offset > fileLength - cluster ? -1 : offset;
            blockOffsets.put(tableIndex, block);
            return block;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file at " + (position + buffer.position()));
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
