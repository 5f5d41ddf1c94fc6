package org.remotefs.core.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.Qcow2Overlays;
import org.remotefs.core.volume.TemporaryNames;
import org.remotefs.core.layout.ChainLink;

/**
 * Revert to the latest snapshot (Cinder's {@code RevertToSnapshotMixin}).
 */
public final class ChainRevert {
    private final ChainReader reader;
    private final Qcow2Overlays overlays;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;

    public ChainRevert(ChainReader reader, Qcow2Overlays overlays, FileOperations fileOperations, AllocationTracker allocation) {
        this.reader = reader;
        this.overlays = overlays;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
    }

    /**
     * Revert to the latest snapshot (Cinder's {@code RevertToSnapshotMixin}): the active overlay is
     * replaced by an empty one on the same backing file — built under a temporary name and renamed
     * over it, so the volume always has an active image.
     */
    public void revert(Volume volume, Snapshot snapshot, FileSecurity security) {
        ChainState state = reader.state(volume);
        String snapshotFile = state.info().get(snapshot.id());
        if (snapshotFile == null || !snapshotFile.equals(state.active())) {
            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT,
                    "could not revert volume " + volume.id() + " to snapshot " + snapshot.id()
                            + " as it does not appear to be the latest snapshot; current active image: " + state.active(),
                    Map.of("snapshot_id", snapshot.id(), "volume_id", volume.id()));
        }
        reader.requireNotBeingDeleted(state, snapshot.id());
        ChainLink overlay = state.chain().get(0);
        ChainLink backing = state.chain().get(1);
        if (overlay.header().virtualSize() != backing.header().virtualSize()) {
            // Cinder's API refuses this too: the volume was extended after the snapshot, and a
            // revert would shrink it under its data
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "volume " + volume.id() + " was resized after snapshot " + snapshot.id() + " ("
                            + backing.header().virtualSize() + " to " + overlay.header().virtualSize()
                            + " bytes): it cannot be reverted to it", Map.of("volume_id", volume.id(),
                            "snapshot_id", snapshot.id()));
        }
        Path temporary = state.directory().resolve(TemporaryNames.of(overlay.fileName(), "revert"));
        try {
            overlays.create(temporary, backing.fileName(), backing.format(), backing.header().virtualSize(),
                    security.asRoot());
            fileOperations.copyMode(overlay.path(), temporary);
            fileOperations.calls().run(temporary, () -> Files.move(temporary, overlay.path(),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        } catch (java.io.IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot replace " + overlay.path() + ": " + e,
                    Map.of("file", overlay.path().toString()), e);
        } finally {
            fileOperations.delete(temporary, security.asRoot());
            allocation.invalidate(state.directory());
        }
    }
}
