package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.ShareCalls;

import jakarta.inject.Singleton;

/**
 * Whether a qcow2 overlay holds data of its own, read in-process: a guest write allocates an L2
 * table and so sets an entry of the L1 table; an overlay that {@code qemu-img create} made and
 * nothing wrote to has an L1 table of zeros and no internal snapshot. Such an overlay reads
 * exactly as its backing file, so removing it (and pointing whatever used it at that file) loses
 * nothing — the test the clean-up of interrupted operations relies on. Anything that is not such
 * an overlay counts as holding data.
 */
@Singleton
public final class Qcow2Occupancy {
    private static final int QCOW_MAGIC = 0x514649fb;
    private static final int HEADER_FIELDS = 72;
    /** More L1 entries than this (an overlay of over 64 TiB at 64 KiB clusters) is not read: counted as data. */
    private static final int MAX_L1_ENTRIES = 1 << 20;

    private final ShareCalls calls;

    /** Reads on the caller's thread, without a deadline. */
    public Qcow2Occupancy() {
        this(ShareCalls.unbounded());
    }

    /** @param calls bounds each read by the share's deadline ({@code share_io_timeout}) */
    @jakarta.inject.Inject
    public Qcow2Occupancy(ShareCalls calls) {
        this.calls = calls;
    }

    /**
     * @return true when the file is a qcow2 image with no data cluster and no internal snapshot
     * @throws RemoteFsException {@code SHARE_IO_ERROR} when it cannot be read
     */
    public boolean isEmptyOverlay(Path file) {
        try {
            return calls.call(file, () -> emptyOverlay(file));
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read " + file + ": " + e,
                    Map.of("file", file.toString()), e);
        }
    }

    private static boolean emptyOverlay(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = ChannelReads.readAt(channel, 0, HEADER_FIELDS);
            if (header.remaining() < HEADER_FIELDS || header.getInt(0) != QCOW_MAGIC || header.getInt(4) < 2) {
                return false;
            }
            long l1Entries = Integer.toUnsignedLong(header.getInt(36));
            long l1Offset = header.getLong(40);
            long internalSnapshots = Integer.toUnsignedLong(header.getInt(60));
            if (internalSnapshots != 0 || l1Entries > MAX_L1_ENTRIES) {
                return false;
            }
            if (l1Entries == 0) {
                return true;
            }
            // not l1Offset + l1Entries * 8 > size: an offset near 2^63 overflows that sum, and the table
            // was then read far beyond the file — an I/O error ("Invalid argument"), or, where such a
            // read meets the end of the file instead, no entry at all (an overlay taken for empty)
            if (l1Offset <= 0 || l1Offset > channel.size() - l1Entries * 8) {
                return false;
            }
            ByteBuffer table = ChannelReads.readAt(channel, l1Offset, (int) (l1Entries * 8));
            while (table.remaining() >= 8) {
                if (table.getLong() != 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
