package org.remotefs.core.volume;

import java.io.IOException;
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
 * Re-points a qcow2 image at another backing file without copying anything ({@code qemu-img
 * rebase -u}): in-process where {@link Qcow2HeaderRewrite} covers the image — the first cluster
 * qemu-img would write, written the way it writes it — else {@code qemu-img rebase -u} as before.
 *
 * <p>Crash safety. qemu writes the whole first cluster with one {@code pwrite} and flushes on
 * close; here the same bytes go with one positional write of the cluster, then {@code fsync}. The
 * bytes that change all lie in the first 1.6 KiB (the fields at 8–19, the backing format at
 * 120–127, the name from 528 on for 64 KiB clusters; at most 1023 bytes of name), inside one page
 * of the page cache and one write on the wire: a crash of this process leaves the old header or
 * the new one. Only storage that tears a single write at sector granularity (a power loss on a
 * disk without atomic writes) can leave the new length with the old name or the reverse — the
 * same window qemu's own rebase has, as its write carries the same bytes. The delete that re-points
 * records its journal first, and replaying it rewrites the header whole.
 */
public final class Qcow2Rebases {
    private final QemuImg qemuImg;
    private final FileOperations fileOperations;
    private final OperationGuard guard;

    public Qcow2Rebases(QemuImg qemuImg, FileOperations fileOperations, OperationGuard guard) {
        this.qemuImg = qemuImg;
        this.fileOperations = fileOperations;
        this.guard = guard;
    }

    /**
     * Records {@code backingName} (relative to the image's directory, as given) of format
     * {@code backingFormat} as the backing file of the qcow2 image {@code image}, changing nothing else.
     *
     * @throws RemoteFsException {@link ErrorCode#SHARE_IO_ERROR} (or {@code NO_SPACE}) when the header
     *         cannot be read or written; {@link ErrorCode#PROCESS_EXECUTION} from qemu-img;
     *         {@link ErrorCode#INTERRUPTED}, {@link ErrorCode#LOCK_LOST} before a write
     */
    public void rebaseUnsafe(Path image, String backingName, ImageFormat backingFormat, boolean asRoot) {
        if (!rewritten(image, backingName, backingFormat, asRoot)) {
            qemuImg.rebaseUnsafe(image, backingName, backingFormat, asRoot);
        }
    }

    /** Whether the header was rewritten in-process (or already was the one qemu-img would write). */
    boolean rewritten(Path image, String backingName, ImageFormat backingFormat, boolean asRoot) {
        if (!fileOperations.inProcess(asRoot)) {
            return false;
        }
        // here, on the operation's thread, which holds the volume's lease (the bounded call below
        // runs on another): the same check ExecCommandRunner makes before it starts qemu-img
        guard.beforeWrite("re-pointing " + image.getFileName());
        try {
            // one call bounded by the share's deadline: a read and a write of one cluster
            return fileOperations.calls().call(image, () -> rewriteNow(image, backingName, backingFormat));
        } catch (IOException e) {
            throw new RemoteFsException(IoErrors.codeOf(e), "cannot rewrite the header of " + image + ": " + e,
                    Map.of("file", image.toString()), e);
        }
    }

    private boolean rewriteNow(Path image, String backingName, ImageFormat backingFormat) throws IOException {
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer fields = ChannelReads.readAt(channel, 0, Qcow2HeaderRewrite.HEADER_LENGTH);
            if (!Qcow2HeaderRewrite.clean(fields)) {
                return false;
            }
            ByteBuffer cluster = ChannelReads.readAt(channel, 0, Qcow2HeaderRewrite.clusterSize(fields));
            Optional<ByteBuffer> rebased = Qcow2HeaderRewrite.rebased(cluster, backingName, backingFormat.qemuName());
            if (rebased.isEmpty()) {
                return false;
            }
            if (rebased.get().equals(cluster.clear())) {
                return true; // a replayed delete: the header already is the one qemu-img would write
            }
            ByteBuffer bytes = rebased.get();
            while (bytes.hasRemaining()) {
                channel.write(bytes, bytes.position());
            }
            channel.force(true);
            return true;
        }
    }
}
