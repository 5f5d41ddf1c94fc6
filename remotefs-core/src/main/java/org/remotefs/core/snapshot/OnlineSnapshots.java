package org.remotefs.core.snapshot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.compute.ComputeWait;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.layout.ChainLink;

/**
 * Snapshots of attached volumes (reference 4.5): the compute service switches the running guest to
 * a new overlay, or merges overlays while the guest runs, and reports back; the info file follows
 * Cinder's online transitions.
 */
public final class OnlineSnapshots {
    private final Optional<ComputeAssist> compute;
    private final ComputeWait computeWait;
    private final InfoWriter infoWriter;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;

    public OnlineSnapshots(Optional<ComputeAssist> compute, ComputeWait computeWait, InfoWriter infoWriter,
                           FileOperations fileOperations, AllocationTracker allocation) {
        this.compute = compute;
        this.computeWait = computeWait;
        this.infoWriter = infoWriter;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
    }

    /** A compute-service failure after the overlay was handed to the guest. */
    static final class OnlineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient RemoteFsException failure;

        OnlineFailure(RemoteFsException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    void createOnline(Snapshot snapshot, String newName) {
        ComputeAssist assist = requireCompute(snapshot.volume(), "create_snapshot");
        Map<String, Object> createInfo = new LinkedHashMap<>();
        createInfo.put("snapshot_id", snapshot.id());
        createInfo.put("type", "qcow2");
        createInfo.put("new_file", newName);
        try {
            assist.createSnapshot(snapshot.volume().id(), createInfo);
            computeWait.awaitCreated(assist, snapshot.id(), ComputeWait.CREATE_TIMEOUT);
        } catch (RemoteFsException e) {
            throw new OnlineFailure(e);
        }
    }

    ComputeAssist requireCompute(Volume volume, String operation) {
        return compute.orElseThrow(() -> new RemoteFsException(ErrorCode.UNSUPPORTED,
                operation + " of attached volume " + volume.id() + " needs the compute service's help, and none is"
                        + " configured", Map.of("volume_id", volume.id(), "operation", operation)));
    }

    /**
     * Online delete (reference 4.5): the compute service merges while the guest runs. Deleting the
     * active snapshot pulls its base into it (the base file goes, and the base's snapshot now
     * maps to the active file — or, when the base is the volume's own file, the volume lives on in
     * the overlay); deleting another commits it into its base.
     */
    void deleteOnline(ChainState state, Snapshot snapshot, int index, Map<String, String> info,
                              Optional<String> baseId, FileSecurity security) {
        Volume volume = snapshot.volume();
        ComputeAssist assist = requireCompute(volume, "delete_snapshot");
        ChainLink snapshotLink = state.chain().get(index);
        ChainLink baseLink = state.chain().get(index + 1);
        Map<String, Object> deleteInfo = new LinkedHashMap<>();
        Path fileToDelete;
        if (index == 0) {
            fileToDelete = baseLink.path();
            deleteInfo.put("file_to_merge", baseId.isPresent() ? baseLink.backing().orElse(null) : null);
            deleteInfo.put("merge_target_file", null);
            baseId.ifPresent(id -> info.put(id, snapshotLink.fileName()));
        } else {
            fileToDelete = snapshotLink.path();
            deleteInfo.put("file_to_merge", snapshotLink.fileName());
            deleteInfo.put("merge_target_file", baseLink.fileName());
        }
        deleteInfo.put("type", "qcow2");
        deleteInfo.put("volume_id", volume.id());
        info.remove(snapshot.id());
        assist.deleteSnapshot(snapshot.id(), deleteInfo);
        computeWait.awaitDeleted(assist, snapshot.id(), ComputeWait.DELETE_TIMEOUT);
        try {
            infoWriter.write(state.infoPath(), info, security);
            fileOperations.delete(fileToDelete, security.asRoot());
        } finally {
            allocation.invalidate(state.directory());
        }
    }
}
