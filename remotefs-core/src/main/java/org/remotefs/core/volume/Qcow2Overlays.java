package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.host.OperationGuard;

/**
 * Creates a snapshot's qcow2 overlay: written in-process ({@link Qcow2OverlayLayout}, the bytes
 * qemu-img writes) where that layout covers the request and the file need not be created through
 * the root helper; else {@code qemu-img create -f qcow2 -b <name> -F <format>} as before. The
 * in-process file is written under a temporary name, created exclusively, fsynced (qemu-img
 * flushes too) and renamed to its name without replacing anything, so a half-written overlay
 * never shows under a snapshot's name.
 */
public final class Qcow2Overlays {
    private final QemuImg qemuImg;
    private final FileOperations fileOperations;
    private final OperationGuard guard;

    public Qcow2Overlays(QemuImg qemuImg, FileOperations fileOperations, OperationGuard guard) {
        this.qemuImg = qemuImg;
        this.fileOperations = fileOperations;
        this.guard = guard;
    }

    /**
     * An overlay at {@code path} on the backing file {@code backingName} (relative to the
     * overlay's directory, as recorded) of format {@code backingFormat}, {@code virtualSize}
     * bytes large (the backing image's size, which qemu-img would read from it).
     *
     * @throws RemoteFsException {@link ErrorCode#VOLUME_EXISTS} when the in-process path finds a
     *         file at {@code path}; {@link ErrorCode#SHARE_IO_ERROR}, {@link ErrorCode#PROCESS_EXECUTION},
     *         {@link ErrorCode#INTERRUPTED}, {@link ErrorCode#LOCK_LOST}
     */
    public void create(Path path, String backingName, ImageFormat backingFormat, long virtualSize, boolean asRoot) {
        var layout = Qcow2OverlayLayout.of(virtualSize, backingName, backingFormat);
        if (layout.isEmpty() || !fileOperations.inProcess(asRoot)) {
            qemuImg.createOverlay(path, backingName, backingFormat, asRoot);
            return;
        }
        // the same check ExecCommandRunner makes before it starts qemu-img
        guard.beforeWrite("writing overlay " + path.getFileName());
        Path temporary = path.resolveSibling(TemporaryNames.of(path.getFileName().toString(), "overlay"));
        try {
            write(temporary, layout.get());
            fileOperations.publish(temporary, path, asRoot);
        } catch (RuntimeException e) {
            try {
                fileOperations.delete(temporary, asRoot);
            } catch (RuntimeException cleanup) {
                // a share that stopped answering keeps the temporary file (a leftover by its name);
                // the error to report is the write's
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void write(Path temporary, Qcow2OverlayLayout layout) {
        // qemu-img opens with mode 0644 (less the umask): the same mode before the caller's chmod
        var mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));
        try {
            // one call bounded by the share's deadline: an overlay is a few clusters
            fileOperations.calls().run(temporary, () -> {
                try (FileChannel channel = FileChannel.open(temporary,
                        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode)) {
                    layout.writeTo(channel);
                    channel.force(true);
                }
            });
        } catch (IOException e) {
            // a full share is NO_SPACE, as when qemu-img wrote the overlay
            throw new RemoteFsException(IoErrors.codeOf(e), "cannot write the overlay " + temporary + ": " + e,
                    Map.of("file", temporary.toString()), e);
        }
    }
}
