package org.remotefs.core.snapshot;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.Qcow2Commits;
import org.remotefs.core.volume.Qcow2Overlays;
import org.remotefs.core.volume.Qcow2Rebases;
import org.remotefs.core.volume.VolumeFiles;
import org.remotefs.core.volume.VolumeFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.remotefs.core.layout.ChainLink;

/**
 * Cinder's snapshot create and delete on qcow2 chains recorded in the info file (reference 4.4):
 * an overlay on the active image; a delete that merges the snapshot down and re-points the image
 * above it; stale snapshots dropped. Attached volumes go through {@link OnlineSnapshots}.
 *
 * <p>Where Cinder's order of steps can leave a broken chain, the order here keeps one that reads
 * back right after every step: a snapshot file is deleted only after the info file no longer
 * names it and no image points at it.
 */
public final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

    private final ChainReader reader;
    private final Qcow2Commits commits;
    private final Qcow2Rebases rebases;
    private final Qcow2Overlays overlays;
    private final VolumeFiles volumeFiles;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;
    private final InfoWriter infoWriter;
    private final OnlineSnapshots online;
    private final DeleteJournal journal;

    public Snapshots(ChainReader reader, Qcow2Commits commits, Qcow2Rebases rebases, Qcow2Overlays overlays,
                     VolumeFiles volumeFiles, FileOperations fileOperations, AllocationTracker allocation,
                     InfoWriter infoWriter, OnlineSnapshots online, DeleteJournal journal) {
        this.journal = journal;
        this.reader = reader;
        this.commits = commits;
        this.rebases = rebases;
        this.overlays = overlays;
        this.volumeFiles = volumeFiles;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
        this.infoWriter = infoWriter;
        this.online = online;
    }

    /**
     * Snapshot: an overlay on the active image, then — for an attached volume — the compute
     * service switches the guest to it and reports back, then the info file.
     */
    public ModelUpdate createSnapshot(Snapshot snapshot, FileSecurity security) {
        Volume volume = snapshot.volume();
        if (volume.attached()) {
            online.requireCompute(volume, "create_snapshot");
        }
        ChainState state = reader.state(volume);
        if (state.info().containsKey(snapshot.id())) {
            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT,
                    "snapshot " + snapshot.id() + " of volume " + volume.id() + " exists already",
                    Map.of("snapshot_id", snapshot.id()));
        }
        refuseSnapshotsOf(state, volume);
        String newName = state.names().overlay(snapshot.id());
        Path newPath = state.directory().resolve(newName);
        clearLeftover(state, newName, newPath, security);
        ChainLink active = state.chain().get(0);
        try {
            // inside the try: a create that was stopped after qemu-img wrote the file removes it
            // in-process where the bytes are qemu-img's (no process), else qemu-img create
            overlays.create(newPath, active.fileName(), active.format(), active.header().virtualSize(),
                    security.asRoot());
            volumeFiles.setPermissions(newPath, security);
            if (security.secureOperations()) {
                fileOperations.chownReference(active.path(), newPath, false);
            }
            if (volume.attached()) {
                online.createOnline(snapshot, newName);
            }
            Map<String, String> info = new LinkedHashMap<>(state.info());
            info.put(snapshot.id(), newName);
            info.put(InfoFile.ACTIVE, newName);
            infoWriter.write(state.infoPath(), info, security);
        } catch (OnlineSnapshots.OnlineFailure e) {
            // The guest may already write to the overlay: it stays, as in Cinder, and the next
            // attempt at this snapshot finds it (it is not in the info file).
            throw e.failure;
        } catch (RuntimeException e) {
            fileOperations.delete(newPath, security.asRoot());
            throw e;
        } finally {
            allocation.invalidate(state.directory());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "qcow2");
        if (state.chain().size() == 1) {
            metadata.put("base_format", active.format().qemuName());
        }
        return new ModelUpdate(null, metadata, null);
    }

    /**
     * Cinder's SMB drivers refuse snapshots of vhd and vhdx volumes ({@code InvalidVolume}); so does
     * every backend here, before anything is written: a format's {@code snapshots} flag says.
     */
    private static void refuseSnapshotsOf(ChainState state, Volume volume) {
        ChainLink base = state.base();
        VolumeFormat.of(base.format()).filter(format -> !format.snapshots()).ifPresent(format -> {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "volume " + volume.id() + " is a " + format.name() + " volume (" + base.fileName()
                            + "): snapshots of " + format.name() + " volumes are not supported",
                    Map.of("volume_id", volume.id(), "format", format.name()));
        });
    }

    /**
     * A file of the new snapshot's name that the info file does not name and the chain does not
     * use is what a failed create left: Cinder's qemu-img would overwrite it, so it goes.
     */
    private void clearLeftover(ChainState state, String newName, Path newPath, FileSecurity security) {
        if (!fileOperations.exists(newPath)) {
            return;
        }
        if (state.info().containsValue(newName) || state.indexOf(newName) >= 0) {
            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT,
                    "snapshot file " + newName + " is in use by the volume's chain", Map.of("file", newPath.toString()));
        }
        LOG.warn("removing {}, left behind by an earlier failed snapshot", newPath);
        fileOperations.delete(newPath, security.asRoot());
    }

    /**
     * Offline snapshot delete (reference 4.4). Returns the volume's metadata update (its format
     * when the last snapshot goes).
     */
    public ModelUpdate deleteSnapshot(Snapshot snapshot, FileSecurity security) {
        Volume volume = snapshot.volume();
        if (volume.attached()) {
            online.requireCompute(volume, "delete_snapshot");
        }
        ChainState state = reader.state(volume);
        String snapshotFile = state.info().get(snapshot.id());
        if (snapshotFile == null) {
            LOG.info("snapshot {} is not in the info file of volume {}: nothing to delete", snapshot.id(), volume.id());
            return ModelUpdate.none();
        }
        if (!state.names().owns(snapshotFile)) {
            throw new RemoteFsException(ErrorCode.INVALID_BACKING_FILE,
                    "info file " + state.infoPath() + " names " + snapshotFile + " for snapshot " + snapshot.id()
                            + ", not a file of the volume", Map.of("file", snapshotFile));
        }
        int index = state.indexOf(snapshotFile);
        Map<String, String> info = new LinkedHashMap<>(state.info());
        if (index < 0 || state.chain().get(index).backing().isEmpty()) {
            deleteStale(state, snapshot, snapshotFile, info, security);
            return ModelUpdate.none();
        }
        ChainLink snapshotLink = state.chain().get(index);
        ChainLink baseLink = state.chain().get(index + 1);
        Optional<String> baseId = InfoWriter.snapshotIdOf(info, baseLink.fileName());
        if (volume.attached()) {
            online.deleteOnline(state, snapshot, index, info, baseId, security);
            return ModelUpdate.none();
        }
        Map<String, String> after = new LinkedHashMap<>(info);
        after.remove(snapshot.id());
        if (index == 0) {
            after.put(InfoFile.ACTIVE, baseLink.fileName());
        }
        recordIntent(state, snapshot.id(), snapshotFile, after, security);
        // the base's own backing file, which a growth of the base must not let show through
        // (a size the header reader cannot tell counts as larger than any: qemu-img grows then)
        long baseBackingSize = index + 2 >= state.chain().size() ? 0
                : state.chain().get(index + 2).header().virtualSize() < 0 ? Long.MAX_VALUE
                : state.chain().get(index + 2).header().virtualSize();
        try {
            // qemu-img commit and rebase -u, or in-process where the result is provably theirs
            // (an overlay that allocates nothing; a clean header rewritten): no process then
            if (index == 0) {
                // the active image: merge it down, the image below becomes active
                commits.commit(snapshotLink.path(), baseLink.path(), baseLink.format(), baseBackingSize,
                        security.asRoot());
                info.put(InfoFile.ACTIVE, baseLink.fileName());
            } else {
                // a middle image: merge it down, point the image above at the one below
                ChainLink higher = state.chain().get(index - 1);
                if (InfoWriter.snapshotIdOf(info, higher.fileName()).isEmpty()) {
                    throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                            "no snapshot of volume " + volume.id() + " has " + higher.fileName() + " as its file",
                            Map.of("file", higher.fileName()));
                }
                commits.commit(snapshotLink.path(), baseLink.path(), baseLink.format(), baseBackingSize,
                        security.asRoot());
                rebases.rebaseUnsafe(higher.path(), baseLink.fileName(), baseLink.format(), security.asRoot());
            }
            info.remove(snapshot.id());
            infoWriter.write(state.infoPath(), info, security);
            fileOperations.delete(snapshotLink.path(), security.asRoot());
            journal.clear(state.directory(), state.names());
        } finally {
            allocation.invalidate(state.directory());
        }
        if (baseId.isEmpty() && index == 0) {
            return new ModelUpdate(null, Map.of("format", baseLink.format().qemuName()), null);
        }
        return ModelUpdate.none();
    }

    /**
     * Records the delete's intent before its first {@code qemu-img commit} ({@link DeleteJournal}).
     * A retry of the same delete keeps the journal its first attempt wrote, which describes the
     * volume before any step ran.
     */
    private void recordIntent(ChainState state, String snapshotId, String snapshotFile, Map<String, String> after,
                              FileSecurity security) {
        Optional<DeleteJournal.Entry> existing = journal.read(state.directory(), state.names());
        if (existing.isPresent() && existing.get().snapshotId().equals(snapshotId)
                && DeleteJournal.match(existing.get(), state.info(), chainNames(state)) == DeleteJournal.Match.REPLAY) {
            return;
        }
        existing.ifPresent(stale -> LOG.warn("journal of {} records a delete of snapshot {} that no longer matches the "
                + "volume: replaced by the delete of {}", state.names().base(), stale.snapshotId(), snapshotId));
        journal.record(state.directory(), state.names(), new DeleteJournal.Entry(snapshotId, snapshotFile,
                state.info(), after, chainNames(state)), path -> volumeFiles.setPermissions(path, security));
    }

    static java.util.List<String> chainNames(ChainState state) {
        return state.chain().stream().map(ChainLink::fileName).toList();
    }

    /**
     * Cinder's {@code _delete_stale_snapshot}, widened: a snapshot whose file has no backing file,
     * or is no longer in the chain (what an interrupted delete leaves), is dropped with its file —
     * unless its file is the active image, which stays.
     */
    private void deleteStale(ChainState state, Snapshot snapshot, String snapshotFile, Map<String, String> info,
                             FileSecurity security) {
        if (snapshotFile.equals(state.active())) {
            LOG.warn("snapshot {} has no backing file but is the active image: left as it is", snapshot.id());
            return;
        }
        LOG.warn("snapshot {} ({}) is stale: dropping it", snapshot.id(), snapshotFile);
        info.remove(snapshot.id());
        infoWriter.write(state.infoPath(), info, security);
        if (state.indexOf(snapshotFile) < 0) {
            fileOperations.delete(state.directory().resolve(snapshotFile), security.asRoot());
        }
        // what an interrupted delete of this snapshot recorded is done now
        if (journal.read(state.directory(), state.names()).filter(e -> e.snapshotId().equals(snapshot.id()))
                .isPresent()) {
            journal.clear(state.directory(), state.names());
        }
        allocation.invalidate(state.directory());
    }
}
