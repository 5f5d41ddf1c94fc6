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
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.share.Shares;
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

    public VolumeLifecycle(Shares shares, ShareSelector selector, VolumeFiles files, VolumeInventory inventory,
                           AllocationTracker allocation, InfoFile infoFile, Leftovers leftovers) {
        this.shares = shares;
        this.selector = selector;
        this.files = files;
        this.inventory = inventory;
        this.allocation = allocation;
        this.infoFile = infoFile;
        this.leftovers = leftovers;
    }

    /** Creates the volume's file of {@code kind} on the share chosen for it. */
    public ModelUpdate create(Volume volume, VolumeFileKind kind, FileSecurity fileSecurity) {
        MountedShare share = placeNew(volume, fileSecurity);
        Path path = share.mountPoint().resolve(volume.name());
        try {
            files.create(path, kind, volume.size(), fileSecurity);
        } finally {
            allocation.invalidate(share.mountPoint());
        }
        LOG.info("created volume {} ({} GiB, {}) on {}", volume.id(), volume.size(), kind, share.address());
        return new ModelUpdate(share.address(), Map.of("format", kind.adminFormat()), null);
    }

    /** Deletes every file of the volume: its base, every file its info file names, the info file, leftovers. */
    public void delete(Volume volume, FileSecurity fileSecurity) {
        MountedShare share = shares.ensureMounted(volume.providerLocation());
        Path base = share.mountPoint().resolve(volume.name());
        Path info = InfoFile.pathOf(base);
        // what interrupted operations left goes first; what may hold data is reported and kept
        leftovers.sweep(share.mountPoint(), volume.name(), volume.attached(), fileSecurity);
        // Cinder deletes the active file and the info file, and leaves older overlays behind;
        // every file the info file names is this volume's, so all of them go.
        Set<String> names = new LinkedHashSet<>();
        infoFile.read(info).ifPresent(entries -> entries.values().forEach(file -> {
            if (VolumeInventory.belongsTo(file, volume.name())) {
                names.add(file);
            } else {
                LOG.warn("info file {} names '{}', which is not a file of volume {}: left alone", info, file,
                        volume.id());
            }
        }));
        names.add(volume.name());
        try {
            for (String name : names) {
                files.delete(share.mountPoint().resolve(name), fileSecurity);
            }
            files.delete(info, fileSecurity);
        } finally {
            allocation.invalidate(share.mountPoint());
        }
        LOG.info("deleted volume {} from {}", volume.id(), share.address());
    }

    /**
     * Renames a migrated volume's file back to the original volume's name on its new share, never
     * over an existing file.
     *
     * @return whether the file was renamed
     */
    public boolean renameAfterMigration(Volume volume, Volume newVolume) {
        MountedShare share = shares.ensureMounted(newVolume.providerLocation());
        Path current = share.mountPoint().resolve(newVolume.name());
        Path target = share.mountPoint().resolve(Volume.create(volume.id(), 1).name());
        try {
            // without REPLACE_EXISTING: a file of the original name makes the move fail
            Files.move(current, target);
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
            List<String> names = VolumeInventory.filesOf(holding.get(0).mountPoint(), volume.name());
            throw new RemoteFsException(ErrorCode.VOLUME_EXISTS,
                    "volume " + volume.id() + " already has files on share " + holding.get(0).address() + ": "
                            + String.join(", ", names),
                    Map.of("volume_id", volume.id(), "share", holding.get(0).address(), "files", String.join(",", names)));
        }
    }
}
