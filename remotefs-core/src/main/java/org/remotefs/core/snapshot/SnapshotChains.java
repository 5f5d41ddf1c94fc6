package org.remotefs.core.snapshot;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.compute.ComputeWait;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.share.Shares;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.QemuImg;
import org.remotefs.core.volume.TemporaryNames;
import org.remotefs.core.volume.VolumeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's {@code RemoteFSSnapDriverBase}: qcow2 snapshot chains recorded in the info file, and
 * what is built on them — volumes from snapshots, clones, extend, revert. The caller (the driver)
 * checks capabilities and holds the volume locks; every method here walks and checks the chain
 * before its first write.
 *
 * <p>Where Cinder's order of steps can leave a broken chain, the order here keeps one that reads
 * back right after every step: a snapshot file is deleted only after the info file no longer
 * names it and no image points at it.
 */
public final class SnapshotChains {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotChains.class);
    private static final long GIB = 1L << 30;

    private final Shares shares;
    private final InfoFile infoFile;
    private final ChainWalker walker;
    private final QemuImg qemuImg;
    private final VolumeFiles volumeFiles;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;
    private final ShareSelector selector;
    private final boolean qcow2Volumes;
    private final Optional<ComputeAssist> compute;
    private final ComputeWait computeWait;
    private final ImageHeaderReader headers;
    private final Leftovers leftovers;

    public SnapshotChains(Shares shares, InfoFile infoFile, ChainWalker walker, QemuImg qemuImg, VolumeFiles volumeFiles,
                          FileOperations fileOperations, AllocationTracker allocation, ShareSelector selector,
                          boolean qcow2Volumes, Optional<ComputeAssist> compute, ComputeWait computeWait,
                          ImageHeaderReader headers, Leftovers leftovers) {
        this.shares = shares;
        this.infoFile = infoFile;
        this.walker = walker;
        this.qemuImg = qemuImg;
        this.volumeFiles = volumeFiles;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
        this.selector = selector;
        this.qcow2Volumes = qcow2Volumes;
        this.compute = compute;
        this.computeWait = computeWait;
        this.headers = headers;
        this.leftovers = leftovers;
    }

    /**
     * Reads a volume's files: its share (mounted), info file and checked chain.
     *
     * @throws RemoteFsException {@code VOLUME_NOT_FOUND}, {@code INVALID_VOLUME}, {@code INVALID_BACKING_FILE}
     */
    public ChainState state(Volume volume) {
        if (volume.providerLocation() == null) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME, "volume " + volume.id() + " has no provider_location",
                    Map.of("volume_id", volume.id()));
        }
        MountedShare share = shares.ensureMounted(volume.providerLocation());
        Path base = share.mountPoint().resolve(volume.name());
        Path infoPath = InfoFile.pathOf(base);
        Map<String, String> info = new LinkedHashMap<>(infoFile.read(infoPath).orElse(Map.of()));
        String active = info.getOrDefault(InfoFile.ACTIVE, volume.name());
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS) && info.isEmpty()) {
            throw new RemoteFsException(ErrorCode.VOLUME_NOT_FOUND,
                    "volume " + volume.id() + " has no file on " + volume.providerLocation(),
                    Map.of("volume_id", volume.id()));
        }
        List<ChainLink> chain = walker.walk(share.mountPoint(), volume.name(), active, volume.format());
        return new ChainState(share, infoPath, info, chain.get(0).fileName(), chain);
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * Snapshot: an overlay on the active image, then — for an attached volume — the compute
     * service switches the guest to it and reports back, then the info file.
     */
    public ModelUpdate createSnapshot(Snapshot snapshot, FileSecurity security) {
        Volume volume = snapshot.volume();
        if (volume.attached()) {
            requireCompute(volume, "create_snapshot");
        }
        ChainState state = state(volume);
        if (state.info().containsKey(snapshot.id())) {
            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT,
                    "snapshot " + snapshot.id() + " of volume " + volume.id() + " exists already",
                    Map.of("snapshot_id", snapshot.id()));
        }
        String newName = volume.name() + "." + snapshot.id();
        Path newPath = state.directory().resolve(newName);
        clearLeftover(state, newName, newPath, security);
        ChainLink active = state.chain().get(0);
        try {
            // inside the try: a create that was stopped after qemu-img wrote the file removes it
            qemuImg.createOverlay(newPath, active.fileName(), active.format(), security.asRoot());
            volumeFiles.setPermissions(newPath, security);
            if (security.secureOperations()) {
                fileOperations.chownReference(active.path(), newPath, false);
            }
            if (volume.attached()) {
                createOnline(snapshot, newName);
            }
            Map<String, String> info = new LinkedHashMap<>(state.info());
            info.put(snapshot.id(), newName);
            info.put(InfoFile.ACTIVE, newName);
            writeInfo(state.infoPath(), info, security);
        } catch (OnlineFailure e) {
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

    /** A compute-service failure after the overlay was handed to the guest. */
    private static final class OnlineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RemoteFsException failure;

        OnlineFailure(RemoteFsException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    private void createOnline(Snapshot snapshot, String newName) {
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

    private ComputeAssist requireCompute(Volume volume, String operation) {
        return compute.orElseThrow(() -> new RemoteFsException(ErrorCode.UNSUPPORTED,
                operation + " of attached volume " + volume.id() + " needs the compute service's help, and none is"
                        + " configured", Map.of("volume_id", volume.id(), "operation", operation)));
    }

    /**
     * A file of the new snapshot's name that the info file does not name and the chain does not
     * use is what a failed create left: Cinder's qemu-img would overwrite it, so it goes.
     */
    private void clearLeftover(ChainState state, String newName, Path newPath, FileSecurity security) {
        if (!Files.exists(newPath, LinkOption.NOFOLLOW_LINKS)) {
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
            requireCompute(volume, "delete_snapshot");
        }
        ChainState state = state(volume);
        String snapshotFile = state.info().get(snapshot.id());
        if (snapshotFile == null) {
            LOG.info("snapshot {} is not in the info file of volume {}: nothing to delete", snapshot.id(), volume.id());
            return ModelUpdate.none();
        }
        if (!VolumeInventory.belongsTo(snapshotFile, volume.name())) {
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
        Optional<String> baseId = snapshotIdOf(info, baseLink.fileName());
        if (volume.attached()) {
            deleteOnline(state, snapshot, index, info, baseId, security);
            return ModelUpdate.none();
        }
        try {
            if (index == 0) {
                // the active image: merge it down, the image below becomes active
                qemuImg.commit(snapshotLink.path(), security.asRoot());
                info.put(InfoFile.ACTIVE, baseLink.fileName());
            } else {
                // a middle image: merge it down, point the image above at the one below
                ChainLink higher = state.chain().get(index - 1);
                if (snapshotIdOf(info, higher.fileName()).isEmpty()) {
                    throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                            "no snapshot of volume " + volume.id() + " has " + higher.fileName() + " as its file",
                            Map.of("file", higher.fileName()));
                }
                qemuImg.commit(snapshotLink.path(), security.asRoot());
                qemuImg.rebaseUnsafe(higher.path(), baseLink.fileName(), baseLink.format(), security.asRoot());
            }
            info.remove(snapshot.id());
            writeInfo(state.infoPath(), info, security);
            fileOperations.delete(snapshotLink.path(), security.asRoot());
        } finally {
            allocation.invalidate(state.directory());
        }
        if (baseId.isEmpty() && index == 0) {
            return new ModelUpdate(null, Map.of("format", baseLink.format().qemuName()), null);
        }
        return ModelUpdate.none();
    }

    /**
     * Online delete (reference 4.5): the compute service merges while the guest runs. Deleting the
     * active snapshot pulls its base into it (the base file goes, and the base's snapshot now
     * maps to the active file — or, when the base is the volume's own file, the volume lives on in
     * the overlay); deleting another commits it into its base.
     */
    private void deleteOnline(ChainState state, Snapshot snapshot, int index, Map<String, String> info,
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
            writeInfo(state.infoPath(), info, security);
            fileOperations.delete(fileToDelete, security.asRoot());
        } finally {
            allocation.invalidate(state.directory());
        }
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
        writeInfo(state.infoPath(), info, security);
        if (state.indexOf(snapshotFile) < 0) {
            fileOperations.delete(state.directory().resolve(snapshotFile), security.asRoot());
        }
        allocation.invalidate(state.directory());
    }

    private static Optional<String> snapshotIdOf(Map<String, String> info, String fileName) {
        return info.entrySet().stream()
                .filter(e -> !InfoFile.ACTIVE.equals(e.getKey()) && e.getValue().equals(fileName))
                .map(Map.Entry::getKey).findFirst();
    }

    private void writeInfo(Path infoPath, Map<String, String> info, FileSecurity security) {
        infoFile.write(infoPath, info, path -> volumeFiles.setPermissions(path, security));
    }

    /**
     * Revert to the latest snapshot (Cinder's {@code RevertToSnapshotMixin}): the active overlay is
     * replaced by an empty one on the same backing file — built under a temporary name and renamed
     * over it, so the volume always has an active image.
     */
    public void revert(Volume volume, Snapshot snapshot, FileSecurity security) {
        ChainState state = state(volume);
        String snapshotFile = state.info().get(snapshot.id());
        if (snapshotFile == null || !snapshotFile.equals(state.active())) {
            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT,
                    "could not revert volume " + volume.id() + " to snapshot " + snapshot.id()
                            + " as it does not appear to be the latest snapshot; current active image: " + state.active(),
                    Map.of("snapshot_id", snapshot.id(), "volume_id", volume.id()));
        }
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
            qemuImg.createOverlay(temporary, backing.fileName(), backing.format(), security.asRoot());
            fileOperations.copyMode(overlay.path(), temporary);
            Files.move(temporary, overlay.path(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot replace " + overlay.path() + ": " + e,
                    Map.of("file", overlay.path().toString()), e);
        } finally {
            fileOperations.delete(temporary, security.asRoot());
            allocation.invalidate(state.directory());
        }
    }

    // ---------------------------------------------------------------- copies

    /**
     * Writes the content of {@code snapshot} into a new file for {@code target} on
     * {@code targetShare}: raw, or qcow2 when the backend makes qcow2 volumes, grown to the
     * target's size when that is larger (Cinder does not grow it).
     *
     * @return the target's metadata update
     */
    public ModelUpdate copyFromSnapshot(Snapshot snapshot, Volume target, MountedShare targetShare,
                                        FileSecurity security) {
        Volume source = snapshot.volume();
        ChainState state = state(source);
        String snapshotFile = state.info().get(snapshot.id());
        if (snapshotFile == null) {
            throw new RemoteFsException(ErrorCode.SNAPSHOT_NOT_FOUND,
                    "snapshot " + snapshot.id() + " is not in the info file of volume " + source.id(),
                    Map.of("snapshot_id", snapshot.id()));
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
        Path targetPath = targetShare.mountPoint().resolve(target.name());
        if (Files.exists(targetPath, LinkOption.NOFOLLOW_LINKS)) {
            throw new RemoteFsException(ErrorCode.VOLUME_EXISTS, "file already exists at " + targetPath,
                    Map.of("file", targetPath.toString()));
        }
        ImageFormat format = qcow2Volumes ? ImageFormat.QCOW2 : ImageFormat.RAW;
        // written under a temporary name and renamed when complete: a copy being made, or one
        // whose writer was stopped or killed, never shows as the volume
        Path temporary = targetPath.resolveSibling(TemporaryNames.of(target.name(), "copy"));
        try {
            qemuImg.convert(content.path(), content.format(), temporary, format, security.asRoot());
            if (targetBytes > sourceBytes) {
                qemuImg.resize(temporary, format, targetBytes, security.asRoot());
            }
            volumeFiles.setPermissions(temporary, security);
            fileOperations.publish(temporary, targetPath, security.asRoot());
        } catch (RuntimeException e) {
            volumeFiles.deleteQuietly(temporary, security);
            throw e;
        } finally {
            allocation.invalidate(targetShare.mountPoint());
        }
        return new ModelUpdate(targetShare.address(), Map.of("format", format.qemuName()), null);
    }

    /**
     * Clone through a temporary snapshot, as Cinder does: snapshot the source, copy the snapshot's
     * content to the new volume on the source's share, delete the snapshot whatever happened.
     */
    public ModelUpdate cloneVolume(Volume target, Volume source, FileSecurity security) {
        ChainLink active = state(source).chain().get(0);
        if (active.header().virtualSize() > target.size() * GIB) {
            // checked before the temporary snapshot, which would otherwise touch the source's files
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "volume " + target.id() + " of " + target.size() + " GiB is smaller than its source "
                            + source.id() + " (" + active.header().virtualSize() + " bytes)",
                    Map.of("volume_id", target.id(), "size", Integer.toString(target.size())));
        }
        MountedShare share = shares.ensureMounted(source.providerLocation());
        // Cinder's own id for it: after a kill, the next operation on the source knows it for a
        // leftover of this clone, and Cinder's backing-file rule accepts its file name
        String temporaryId = Snapshot.TEMPORARY_PREFIX + target.id();
        Snapshot temporary = new Snapshot(temporaryId, source, SnapshotStatus.CREATING, null, temporaryId);
        createSnapshot(temporary, security);
        ModelUpdate update;
        try {
            update = copyFromSnapshot(temporary.withStatus(SnapshotStatus.AVAILABLE), target, share, security);
        } catch (RuntimeException e) {
            try {
                removeTemporary(temporary, security);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        try {
            removeTemporary(temporary, security);
        } catch (RuntimeException e) {
            // The clone must not succeed while its temporary snapshot stays in the source's chain:
            // undo the copy; the source keeps a valid chain with one more snapshot, as Cinder leaves it.
            fileOperations.delete(share.mountPoint().resolve(target.name()), security.asRoot());
            allocation.invalidate(share.mountPoint());
            throw e;
        }
        return update;
    }

    /**
     * Removes a clone's temporary snapshot: nothing wrote to its overlay (the source is locked and
     * offline), so it is dropped without {@code qemu-img} — which also works when the host asked
     * to stop; a snapshot delete only when it is somehow not an empty active overlay.
     */
    private void removeTemporary(Snapshot temporary, FileSecurity security) {
        ChainState state = state(temporary.volume());
        Map<String, String> info = new LinkedHashMap<>(state.info());
        try {
            if (leftovers.dropIfEmptyActive(state.directory(), temporary.volume().name(), state.infoPath(), info,
                    temporary.id(), security)) {
                return;
            }
        } finally {
            allocation.invalidate(state.directory());
        }
        deleteSnapshot(temporary.withStatus(SnapshotStatus.DELETING), security);
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (java.io.IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot stat " + path + ": " + e,
                    Map.of("file", path.toString()), e);
        }
    }

    /** Grows the active image (Cinder's NFS {@code extend_volume}). */
    public void extend(Volume volume, int newSizeGib, FileSecurity security) {
        if (volume.attached()) {
            throw new RemoteFsException(ErrorCode.EXTEND_VOLUME_ERROR,
                    "cannot extend volume " + volume.id() + " while it is attached", Map.of("volume_id", volume.id()));
        }
        ChainState state = state(volume);
        ChainLink active = state.chain().get(0);
        long current = active.header().virtualSize();
        long wanted = newSizeGib * GIB;
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
        try {
            qemuImg.resize(active.path(), active.format(), wanted, security.asRoot());
        } finally {
            allocation.invalidate(state.directory());
        }
        long resized = active.format() == ImageFormat.RAW ? sizeOf(active.path())
                : headers.read(active.path()).virtualSize();
        if (resized != wanted) {
            // Cinder checks qcow2 images after the resize the same way
            throw new RemoteFsException(ErrorCode.EXTEND_VOLUME_ERROR, "resizing " + active.fileName() + " of volume "
                    + volume.id() + " failed: it is " + resized + " bytes, not " + wanted, Map.of("volume_id", volume.id()));
        }
    }
}
