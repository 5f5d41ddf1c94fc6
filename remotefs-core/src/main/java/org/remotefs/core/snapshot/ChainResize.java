package org.remotefs.core.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.FormatConversion;
import org.remotefs.core.volume.TemporaryNames;
import org.remotefs.core.volume.VirtualSizes;
import org.remotefs.core.volume.VolumeFormat;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.InPlaceGrowth;
import org.remotefs.core.volume.QemuImg;
import org.remotefs.core.layout.ChainLink;

/**
 * Grows a volume's active image (Cinder's NFS {@code extend_volume}), checked against the share's
 * room first and against the image's size after.
 */
public final class ChainResize {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChainResize.class);
    private static final long GIB = 1L << 30;

    private final ChainReader reader;
    private final QemuImg qemuImg;
    private final ShareSelector selector;
    private final ImageHeaderReader headers;
    private final AllocationTracker allocation;
    private final FormatConversion conversion;
    private final FileOperations fileOperations;
    private final VirtualSizes sizes;
    private final InPlaceGrowth growth;

    public ChainResize(ChainReader reader, QemuImg qemuImg, ShareSelector selector, ImageHeaderReader headers,
                       AllocationTracker allocation, FormatConversion conversion, FileOperations fileOperations,
                       VirtualSizes sizes, InPlaceGrowth growth) {
        this.reader = reader;
        this.qemuImg = qemuImg;
        this.selector = selector;
        this.headers = headers;
        this.allocation = allocation;
        this.conversion = conversion;
        this.fileOperations = fileOperations;
        this.sizes = sizes;
        this.growth = growth;
    }

    private long sizeOf(Path path) {
        try {
            return fileOperations.calls().call(path, () -> Files.size(path));
        } catch (java.io.IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot stat " + path + ": " + e,
                    Map.of("file", path.toString()), e);
        }
    }

    /**
     * VHD and VHDX, which {@code qemu-img resize} refuses: converted to raw, grown, converted back
     * into a new file beside it (Cinder's SMB driver), which then replaces the volume's file in one
     * rename — the volume is its old file or its new one at every moment, never a partial one.
     * Only a volume without snapshots gets here: these formats take none.
     */
    private void growByConversion(ChainLink active, VolumeFormat format, long wanted, FileSecurity security) {
        Path grown = active.path().resolveSibling(TemporaryNames.of(active.fileName(), "extend"));
        try {
            conversion.write(active.path(), active.format(), active.header().virtualSize(), grown, format, wanted,
                    security.asRoot());
            fileOperations.copyMode(active.path(), grown);
            if (security.secureOperations()) {
                fileOperations.chownReference(active.path(), grown, false);
            }
            fileOperations.replace(grown, active.path(), security.asRoot());
        } catch (RuntimeException e) {
            fileOperations.delete(grown, security.asRoot());
            throw e;
        }
    }

    /** The virtual size of the active image's backing file (0: none; unknown counts as unbounded). */
    private static long backingSize(ChainState state) {
        if (state.chain().size() < 2) {
            return 0;
        }
        long size = state.chain().get(1).header().virtualSize();
        return size < 0 ? Long.MAX_VALUE : size;
    }

    /** Grows the active image (Cinder's NFS {@code extend_volume}). */
    public void extend(Volume volume, int newSizeGib, FileSecurity security) {
        if (volume.attached()) {
            throw new RemoteFsException(ErrorCode.EXTEND_VOLUME_ERROR,
                    "cannot extend volume " + volume.id() + " while it is attached", Map.of("volume_id", volume.id()));
        }
        ChainState state = reader.state(volume);
        ChainLink active = state.chain().get(0);
        long current = active.header().virtualSize();
        long wanted = newSizeGib * GIB;
        if (wanted == current && newSizeGib > volume.size()) {
            // A retry: an earlier extend resized the file and its answer was lost (or it was
            // reported failed), so Cinder still records the old size. Cinder refuses it for ever.
            LOG.warn("volume {} already has {} GiB: an earlier extend grew it; nothing to do", volume.id(), newSizeGib);
            return;
        }
        if (wanted <= current || newSizeGib <= volume.size()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "volume " + volume.id() + " cannot shrink or stay at its size: it is " + volume.size()
                            + " GiB (" + current + " bytes), " + newSizeGib + " GiB asked",
                    Map.of("volume_id", volume.id(), "size", Integer.toString(newSizeGib)));
        }
        if (!selector.hasRoom(state.share(), newSizeGib - volume.size())) {
            throw new RemoteFsException(ErrorCode.EXTEND_VOLUME_ERROR,
                    "insufficient space to extend volume " + volume.id() + " to " + newSizeGib + " GiB on "
                            + state.share().address(), Map.of("volume_id", volume.id()));
        }
        VolumeFormat format = VolumeFormat.of(active.format()).orElseThrow();
        try {
            if (format.resizableInPlace()) {
                // without a process where qemu-img resize would only truncate or rewrite the size field
                if (!growth.grow(active.path(), active.format(), wanted, backingSize(state), security.asRoot())) {
                    qemuImg.resize(active.path(), active.format(), wanted, security.asRoot());
                }
            } else {
                growByConversion(active, format, wanted, security);
            }
        } finally {
            allocation.invalidate(state.directory());
        }
        long resized = active.format() == ImageFormat.RAW ? sizeOf(active.path())
                : sizes.sized(active.path(), headers.read(active.path())).virtualSize();
        if (resized != wanted) {
            // Cinder checks qcow2 images after the resize the same way
            throw new RemoteFsException(ErrorCode.EXTEND_VOLUME_ERROR, "resizing " + active.fileName() + " of volume "
                    + volume.id() + " failed: it is " + resized + " bytes, not " + wanted, Map.of("volume_id", volume.id()));
        }
    }
}
