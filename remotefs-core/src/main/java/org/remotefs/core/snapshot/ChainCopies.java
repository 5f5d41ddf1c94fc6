package org.remotefs.core.snapshot;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Shares;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.FormatConversion;
import org.remotefs.core.volume.VolumeFormat;
import org.remotefs.core.volume.TemporaryNames;
import org.remotefs.core.volume.VolumeFiles;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.layout.VolumeNaming;

/**
 * New volumes from a chain: the content of a snapshot copied into a new file (raw, or qcow2 on a
 * qcow2 backend, grown to the target's size), and clones through a temporary snapshot, as Cinder
 * makes them. New files are written under temporary names and renamed when complete.
 */
public final class ChainCopies {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChainCopies.class);
    private static final long GIB = 1L << 30;

    private final ChainReader reader;
    private final Snapshots snapshots;
    private final Shares shares;
    private final VolumeFiles volumeFiles;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;
    private final Leftovers leftovers;
    private final VolumeNaming naming;
    private final FormatConversion conversion;
    private final CloneJournal journal;

    public ChainCopies(ChainReader reader, Snapshots snapshots, Shares shares, VolumeFiles volumeFiles,
                       FileOperations fileOperations, AllocationTracker allocation, Leftovers leftovers,
                       VolumeNaming naming, FormatConversion conversion, CloneJournal journal) {
        this.journal = journal;
        this.reader = reader;
        this.snapshots = snapshots;
        this.shares = shares;
        this.volumeFiles = volumeFiles;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
        this.leftovers = leftovers;
        this.naming = naming;
        this.conversion = conversion;
    }

    /**
     * Writes the content of {@code snapshot} into a new file for {@code target} on
     * {@code targetShare}, in the target's format (its {@code volume_format} choice, else the
     * backend's default: raw, or qcow2 when the backend makes qcow2 volumes), grown to the target's
     * size when that is larger (Cinder does not grow it).
     *
     * @return the target's metadata update
     */
    public ModelUpdate copyFromSnapshot(Snapshot snapshot, Volume target, MountedShare targetShare,
                                        FileSecurity security) {
        return copyFromSnapshot(snapshot, target, targetShare, security, false);
    }

    /** @param ownClone whether the snapshot is the running clone's own temporary one, which its journal names */
    private ModelUpdate copyFromSnapshot(Snapshot snapshot, Volume target, MountedShare targetShare,
                                         FileSecurity security, boolean ownClone) {
        Volume source = snapshot.volume();
        ChainState state = reader.state(source);
        String snapshotFile = state.info().get(snapshot.id());
        if (snapshotFile == null) {
            throw new RemoteFsException(ErrorCode.SNAPSHOT_NOT_FOUND,
                    "snapshot " + snapshot.id() + " is not in the info file of volume " + source.id(),
                    Map.of("snapshot_id", snapshot.id()));
        }
        if (!ownClone) {
            reader.requireNotBeingDeleted(state, snapshot.id());
        }
        int index = state.indexOf(snapshotFile);
        if (index < 0 || index + 1 >= state.chain().size()) {
            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT,
                    "snapshot " + snapshot.id() + " has no data in the chain of volume " + source.id(),
                    Map.of("snapshot_id", snapshot.id()));
        }
        ChainLink content = state.chain().get(index + 1);
        return copy(content, target, targetShare, security);
    }

    private ModelUpdate copy(ChainLink content, Volume target, MountedShare targetShare, FileSecurity security) {
        long sourceBytes = content.header().virtualSize();
        long targetBytes = target.size() * GIB;
        if (sourceBytes > targetBytes) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "volume " + target.id() + " of " + target.size() + " GiB is smaller than its source ("
                            + sourceBytes + " bytes)", Map.of("volume_id", target.id(), "size", Integer.toString(target.size())));
        }
        VolumeNaming.NewFile file = naming.forNew(target);
        Path targetPath = targetShare.mountPoint().resolve(file.names().base());
        if (fileOperations.exists(targetPath)) {
            throw new RemoteFsException(ErrorCode.VOLUME_EXISTS, "file already exists at " + targetPath,
                    Map.of("file", targetPath.toString()));
        }
        VolumeFormat format = file.format();
        // written under a temporary name and renamed when complete: a copy being made, or one
        // whose writer was stopped or killed, never shows as the volume
        Path temporary = targetPath.resolveSibling(TemporaryNames.of(file.names().base(), CloneJournal.COPY_PURPOSE));
        try {
            conversion.write(content.path(), content.format(), sourceBytes, temporary, format, targetBytes,
                    security.asRoot());
            volumeFiles.setPermissions(temporary, security);
            fileOperations.publish(temporary, targetPath, security.asRoot());
        } catch (RuntimeException e) {
            volumeFiles.deleteQuietly(temporary, security);
            throw e;
        } finally {
            allocation.invalidate(targetShare.mountPoint());
        }
        return new ModelUpdate(targetShare.address(), Map.of("format", format.name()), null);
    }

    /**
     * Clone through a temporary snapshot, as Cinder does: snapshot the source, copy the snapshot's
     * content to the new volume on the source's share, delete the snapshot whatever happened.
     */
    public ModelUpdate cloneVolume(Volume target, Volume source, FileSecurity security) {
        ChainState sourceState = reader.state(source);
        ChainLink active = sourceState.chain().get(0);
        if (active.header().virtualSize() > target.size() * GIB) {
            // checked before the temporary snapshot, which would otherwise touch the source's files
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "volume " + target.id() + " of " + target.size() + " GiB is smaller than its source "
                            + source.id() + " (" + active.header().virtualSize() + " bytes)",
                    Map.of("volume_id", target.id(), "size", Integer.toString(target.size())));
        }
        // the clone's format choice too: a format unknown or not offered is refused before the
        // temporary snapshot writes the source's info file
        naming.forNew(target);
        MountedShare share = shares.ensureMounted(source.providerLocation());
        VolumeFormat sourceFormat = VolumeFormat.of(sourceState.base().format()).orElse(VolumeFormat.RAW);
        if (!sourceFormat.snapshots() && sourceState.chain().size() == 1) {
            // no temporary snapshot on a format that takes none (vhd, vhdx): the source is locked
            // and offline, so its one file is copied as it is, as Cinder's SMB driver copies it
            return copy(active, target, share, security);
        }
        // Cinder's own id for it: after a kill, the next operation on the source knows it for a
        // leftover of this clone, and Cinder's backing-file rule accepts its file name
        String temporaryId = Snapshot.TEMPORARY_PREFIX + target.id();
        Snapshot temporary = new Snapshot(temporaryId, source, SnapshotStatus.CREATING, null, temporaryId);
        recordIntent(sourceState, temporaryId, naming.forNew(target).names().base(), security);
        try {
            snapshots.createSnapshot(temporary, security);
        } catch (RuntimeException e) {
            // the create removes its own overlay: the source is as before
            clearIntent(sourceState, e);
            throw e;
        }
        ModelUpdate update;
        try {
            update = copyFromSnapshot(temporary.withStatus(SnapshotStatus.AVAILABLE), target, share, security, true);
        } catch (RuntimeException e) {
            try {
                removeTemporary(temporary, security);
                clearIntent(sourceState, e);
            } catch (RuntimeException cleanup) {
                // the journal stays: the next operation on the source rolls the clone back
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        try {
            removeTemporary(temporary, security);
            journal.clear(sourceState.directory(), sourceState.names());
        } catch (RuntimeException e) {
            // The clone must not succeed while its temporary snapshot stays in the source's chain:
            // undo the copy; the source keeps a valid chain with one more snapshot, as Cinder leaves it.
            fileOperations.delete(share.mountPoint().resolve(naming.forNew(target).names().base()), security.asRoot());
            allocation.invalidate(share.mountPoint());
            throw e;
        }
        return update;
    }

    /**
     * Records the clone's intent on the source before its temporary snapshot is made
     * ({@link CloneJournal}): a kill between the steps leaves a journal that names the snapshot and
     * the new volume's file, for the next operation on the source to roll back.
     */
    private void recordIntent(ChainState state, String temporaryId, String targetFile, FileSecurity security) {
        try {
            // the next operation rolled back every journal that matched: one left here is stale
            journal.read(state.directory(), state.names()).ifPresent(stale -> LOG.warn("the clone journal of {} "
                    + "records a clone ({}) that no longer matches the volume: replaced", state.names().base(),
                    stale.snapshotId()));
        } catch (RemoteFsException e) {
            LOG.warn("the clone journal of {} cannot be read ({}): replaced", state.names().base(), e.getMessage());
        }
        journal.record(state.directory(), state.names(), new CloneJournal.Entry(temporaryId,
                state.names().overlay(temporaryId), targetFile, state.info(), Snapshots.chainNames(state)),
                path -> volumeFiles.setPermissions(path, security));
    }

    private void clearIntent(ChainState state, RuntimeException failure) {
        try {
            journal.clear(state.directory(), state.names());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Removes a clone's temporary snapshot: nothing wrote to its overlay (the source is locked and
     * offline), so it is dropped without {@code qemu-img} — which also works when the host asked
     * to stop; a snapshot delete only when it is somehow not an empty active overlay.
     */
    private void removeTemporary(Snapshot temporary, FileSecurity security) {
        ChainState state = reader.state(temporary.volume());
        Map<String, String> info = new LinkedHashMap<>(state.info());
        try {
            if (leftovers.dropIfEmptyActive(state.directory(), state.names(), state.infoPath(), info,
                    temporary.id(), security)) {
                return;
            }
        } finally {
            allocation.invalidate(state.directory());
        }
        snapshots.deleteSnapshot(temporary.withStatus(SnapshotStatus.DELETING), security);
    }
}
