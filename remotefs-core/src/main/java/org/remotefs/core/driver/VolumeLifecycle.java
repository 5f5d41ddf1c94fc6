package org.remotefs.core.driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.layout.VolumeNaming;
import org.remotefs.core.volume.VolumeFormat;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.share.Shares;
import org.remotefs.core.snapshot.DeleteJournal;
import org.remotefs.core.snapshot.Leftovers;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.VolumeFileKind;
import org.remotefs.core.volume.VolumeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A volume's files from birth to deletion, for the driver that holds the volume's lock: where a new
 * volume goes (never over any file of it), its file made, all its files deleted, and its file
 * renamed back after a migration.
 */
public final class VolumeLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeLifecycle.class);

    private final Shares shares;
    private final ShareSelector selector;
    private final VolumeFiles files;
    private final VolumeInventory inventory;
    private final AllocationTracker allocation;
    private final InfoFile infoFile;
    private final Leftovers leftovers;
    private final VolumeNaming naming;
    private final DeleteJournal journal;

    public VolumeLifecycle(Shares shares, ShareSelector selector, VolumeFiles files, VolumeInventory inventory,
                           AllocationTracker allocation, InfoFile infoFile, Leftovers leftovers, VolumeNaming naming,
                           DeleteJournal journal) {
        this.journal = journal;
        this.shares = shares;
        this.selector = selector;
        this.files = files;
        this.inventory = inventory;
        this.allocation = allocation;
        this.infoFile = infoFile;
        this.leftovers = leftovers;
        this.naming = naming;
    }

    /**
     * Creates the volume's file on the share chosen for it, in the format it asks for (its
     * {@code volume_format}) or the backend's default: raw files laid out as {@code rawKind} says
     * (sparse or allocated in full), qcow2 and the others made by {@code qemu-img create}.
     *
     * @param kind the layout the backend's options choose for its default format
     */
    public ModelUpdate create(Volume volume, VolumeFileKind kind, FileSecurity fileSecurity) {
        // a format the backend does not offer is refused before anything is placed or written
        VolumeNaming.NewFile file = naming.forNew(volume);
        MountedShare share = placeNew(volume, fileSecurity);
        Path path = share.mountPoint().resolve(file.names().base());
        try {
            if (file.format() == VolumeFormat.RAW) {
                files.create(path, kind == VolumeFileKind.QCOW2 ? VolumeFileKind.SPARSE : kind, volume.size(),
                        fileSecurity);
            } else if (file.format() == VolumeFormat.QCOW2) {
                files.create(path, VolumeFileKind.QCOW2, volume.size(), fileSecurity);
            } else {
                files.create(path, file.format(), volume.size(), fileSecurity);
            }
        } finally {
            allocation.invalidate(share.mountPoint());
        }
        LOG.info("created volume {} ({} GiB, {}) on {}", volume.id(), volume.size(),
                file.format() == VolumeFormat.RAW ? kind : file.format(), share.address());
        return new ModelUpdate(share.address(), Map.of("format", file.format().name()), null);
    }

    /** The names and format a new volume's file gets (its format choice checked). */
    public VolumeNaming.NewFile newFile(Volume volume) {
        return naming.forNew(volume);
    }

    /**
     * Deletes every file of the volume: its base, every file its info file names, the info file,
     * leftovers. The intent is journaled first and the journal goes last: a delete killed half-way
     * leaves a volume {@code check --repair} (or the delete again) finishes, never one whose info
     * file names missing files with nothing saying why.
     */
    public void delete(Volume volume, FileSecurity fileSecurity) {
        MountedShare share = shares.ensureMounted(volume.providerLocation());
        VolumeNames volumeNames = inventory.namesIn(share.mountPoint(), volume.name());
        Path info = share.mountPoint().resolve(volumeNames.info());
        // what interrupted operations left goes first; what may hold data is reported and kept
        leftovers.sweep(share.mountPoint(), volumeNames, volume.attached(), fileSecurity);
        // Cinder deletes the active file and the info file, and leaves older overlays behind;
        // every file the info file names is this volume's, so all of them go.
        Set<String> names = new LinkedHashSet<>();
        infoFile.read(info).ifPresent(entries -> entries.values().forEach(file -> {
            if (volumeNames.owns(file)) {
                names.add(file);
            } else {
                LOG.warn("info file {} names '{}', which is not a file of volume {}: left alone", info, file,
                        volume.id());
            }
        }));
        names.add(volumeNames.base());
        try {
            recordIntent(share.mountPoint(), volumeNames, names, fileSecurity);
            for (String name : names) {
                files.delete(share.mountPoint().resolve(name), fileSecurity);
            }
            files.delete(info, fileSecurity);
            // the journal of an interrupted snapshot delete goes with the files it describes
            files.delete(share.mountPoint().resolve(volumeNames.journal()), fileSecurity);
            files.delete(share.mountPoint().resolve(volumeNames.cloneJournal()), fileSecurity);
        } finally {
            allocation.invalidate(share.mountPoint());
        }
        LOG.info("deleted volume {} from {}", volume.id(), share.address());
    }

    /**
     * The delete's journal; on a full share, which the delete is often meant to relieve, the
     * delete goes on without one (a kill in that window leaves what Cinder leaves).
     */
    private void recordIntent(Path directory, VolumeNames volumeNames, Set<String> names, FileSecurity fileSecurity) {
        try {
            journal.recordVolumeDelete(directory, volumeNames, List.copyOf(names),
                    path -> files.setPermissions(path, fileSecurity));
        } catch (RemoteFsException e) {
            if (e.code() != ErrorCode.NO_SPACE) {
                throw e;
            }
            LOG.warn("no space for the journal of the delete of {} on a full share: deleting without it",
                    volumeNames.base());
        }
    }

    /**
     * Renames a migrated volume's file back to the original volume's name on its new share, never
     * over an existing file.
     *
     * @return whether the file was renamed
     */
    public boolean renameAfterMigration(Volume volume, Volume newVolume) {
        MountedShare share = shares.ensureMounted(newVolume.providerLocation());
        VolumeNames moved = inventory.namesIn(share.mountPoint(), newVolume.name());
        Path current = share.mountPoint().resolve(moved.base());
        // the original's name with the moved file's extension: its format stays what its name says
        Path target = share.mountPoint().resolve(new VolumeNames(Volume.create(volume.id(), 1).name(),
                moved.extension()).base());
        try {
            // without REPLACE_EXISTING: a file of the original name makes the move fail
            infoFile.calls().run(target, () -> Files.move(current, target));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            LOG.error("could not rename {} to {} after migrating volume {}: {}", current, target, volume.id(),
                    e.toString());
            return false;
        }
        return true;
    }

    /** The share a new volume goes to, after checking no share holds it yet. */
    public MountedShare placeNew(Volume volume, FileSecurity fileSecurity) {
        List<MountedShare> mounted = shares.ensureSomeMounted();
        refuseExisting(volume, mounted, fileSecurity);
        return selector.select(volume, mounted);
    }

    /**
     * With the new volume's lock held: temporary files an interrupted create of it left are
     * removed (so that a retry with the same id succeeds), then any other file of it on any share
     * — base, info file, an overlay nothing records — refuses the create.
     */
    public void refuseExisting(Volume volume, List<MountedShare> mounted, FileSecurity fileSecurity) {
        for (MountedShare share : mounted) {
            leftovers.removeTemporaryFiles(share.mountPoint(), volume.name(), fileSecurity);
        }
        List<MountedShare> holding = inventory.sharesWithFilesOf(volume.id(), mounted);
        if (!holding.isEmpty()) {
            Path directory = holding.get(0).mountPoint();
            List<String> names = infoFile.calls().bounded(directory, () -> VolumeInventory.filesOf(directory,
                    volume.name()));
            throw new RemoteFsException(ErrorCode.VOLUME_EXISTS,
                    "volume " + volume.id() + " already has files on share " + holding.get(0).address() + ": "
                            + String.join(", ", names),
                    Map.of("volume_id", volume.id(), "share", holding.get(0).address(), "files", String.join(",", names)));
        }
    }
}
