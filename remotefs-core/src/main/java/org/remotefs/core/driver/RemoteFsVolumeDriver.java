package org.remotefs.core.driver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.host.OperationProgress;
import org.remotefs.core.image.ImageCopies;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.ShareProtocol;
import org.remotefs.core.share.Shares;
import org.remotefs.core.snapshot.Leftovers;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.snapshot.SnapshotChains;
import org.remotefs.core.snapshot.VolumeStates;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.VolumeFileKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.layout.VolumeNaming;

/**
 * Cinder's {@code RemoteFSDriver}, assembled from parts: this class is the dispatcher — each
 * public operation's capability and state checks, its locks (and the sweep of what interrupted
 * operations left), then the part that does the work: {@link BackendSetup} (setup and the resolved
 * secure-NAS settings), {@link VolumeLifecycle} (a volume's files from placement to deletion),
 * {@link SnapshotChains} (snapshots, copies, clones, extend, revert), {@link ImageCopies},
 * {@link ConnectionInfoBuilder}, {@link StatsReporter}. Protocol specifics come from the
 * {@link org.remotefs.core.share.ShareProtocol}.
 */
public class RemoteFsVolumeDriver implements VolumeDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteFsVolumeDriver.class);
    private static final double GIB = 1L << 30;

    private final DriverIdentity identity;
    private final BackendSetup setup;
    private final VolumeLifecycle lifecycle;
    private final ConnectionInfoBuilder connections;
    private final Shares shares;
    private final StatsReporter stats;
    private final VolumeInventory inventory;
    private final VolumeLocks locks;
    private final AllocationTracker allocation;
    private final SnapshotChains chains;
    private final ImageCopies copies;
    private final Optional<ImageService> imageService;
    private final OperationGate gate;
    private final Leftovers leftovers;
    private final ManagedVolumes managed;
    private final VolumeChecks checks;
    private final ForcedDelete forcedDelete;
    private final OperationProgress progress;
    private final AtomicReference<VolumeStats> cachedStats = new AtomicReference<>();

    public RemoteFsVolumeDriver(DriverIdentity identity, BackendSetup setup, VolumeLifecycle lifecycle,
                                ConnectionInfoBuilder connections, Shares shares, StatsReporter stats,
                                VolumeInventory inventory, VolumeLocks locks, AllocationTracker allocation,
                                SnapshotChains chains, ImageCopies copies, Optional<ImageService> imageService,
                                OperationGate gate, Leftovers leftovers, ManagedVolumes managed,
                                VolumeChecks checks, ForcedDelete forcedDelete) {
        this(identity, setup, lifecycle, connections, shares, stats, inventory, locks, allocation, chains, copies,
                imageService, gate, leftovers, managed, checks, forcedDelete, OperationProgress.none());
    }

    /** @param progress told the progress of the operations that copy or write a volume's data */
    public RemoteFsVolumeDriver(DriverIdentity identity, BackendSetup setup, VolumeLifecycle lifecycle,
                                ConnectionInfoBuilder connections, Shares shares, StatsReporter stats,
                                VolumeInventory inventory, VolumeLocks locks, AllocationTracker allocation,
                                SnapshotChains chains, ImageCopies copies, Optional<ImageService> imageService,
                                OperationGate gate, Leftovers leftovers, ManagedVolumes managed,
                                VolumeChecks checks, ForcedDelete forcedDelete, OperationProgress progress) {
        this.progress = progress;
        this.checks = checks;
        this.forcedDelete = forcedDelete;
        this.identity = identity;
        this.setup = setup;
        this.lifecycle = lifecycle;
        this.connections = connections;
        this.shares = shares;
        this.stats = stats;
        this.inventory = inventory;
        this.locks = locks;
        this.allocation = allocation;
        this.chains = chains;
        this.copies = copies;
        this.imageService = imageService;
        this.gate = gate;
        this.leftovers = leftovers;
        this.managed = managed;
    }

    /** Releases the locks this driver made for itself (its own {@code lock_path}). */
    @Override
    public void close() {
        locks.close();
    }

    @Override
    public String driverId() {
        return identity.id();
    }

    // ---------------------------------------------------------------- setup

    @Override
    public void doSetup() {
        setup.setUp();
    }

    @Override
    public void checkForSetupError() {
        setup.checkForSetupError();
    }

    // ---------------------------------------------------------------- volumes

    @Override
    public ModelUpdate createVolume(Volume volume) {
        refuseEncrypted(volume);
        // its format choice is checked before the backend is set up: a refused volume writes nothing
        lifecycle.newFile(volume);
        VolumeFileKind kind = setup.volumeFileKind();
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = locks.lock(volume.id(), "create_volume");
             OperationProgress.Operation operation = progress.start("create_volume", volume.id())) {
            ModelUpdate update = lifecycle.create(volume, kind, fileSecurity);
            operation.succeeded();
            return update;
        }
    }

    @Override
    public void deleteVolume(Volume volume) {
        if (volume.providerLocation() == null) {
            LOG.warn("volume {} has no provider_location: nothing to delete", volume.id());
            return;
        }
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = locks.lock(volume.id(), "delete_volume")) {
            lifecycle.delete(volume, fileSecurity);
        }
    }

    @Override
    public void extendVolume(Volume volume, int newSizeGib) {
        require(Capability.EXTEND, "extend_volume");
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "extend_volume", fileSecurity);
             OperationProgress.Operation operation = progress.start("extend_volume", volume.id())) {
            chains.extend(volume, newSizeGib, fileSecurity);
            operation.succeeded();
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    public ModelUpdate createSnapshot(Snapshot snapshot) {
        require(Capability.SNAPSHOTS, "create_snapshot");
        gate.check("create_snapshot");
        VolumeStates.forCreateSnapshot(snapshot);
        requireOffline(snapshot.volume(), "create_snapshot");
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = lockAndSweep(snapshot.volume(), "create_snapshot", fileSecurity)) {
            return chains.createSnapshot(snapshot, fileSecurity);
        }
    }

    @Override
    public void deleteSnapshot(Snapshot snapshot) {
        require(Capability.SNAPSHOTS, "delete_snapshot");
        VolumeStates.forDeleteSnapshot(snapshot);
        requireOffline(snapshot.volume(), "delete_snapshot");
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = lockAndSweep(snapshot.volume(), "delete_snapshot", fileSecurity);
             OperationProgress.Operation operation = progress.start("delete_snapshot", snapshot.volume().id())) {
            chains.deleteSnapshot(snapshot, fileSecurity);
            operation.succeeded();
        }
    }

    @Override
    public void revertToSnapshot(Volume volume, Snapshot snapshot) {
        require(Capability.REVERT, "revert_to_snapshot");
        VolumeStates.forRevert(volume);
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "revert_to_snapshot", fileSecurity)) {
            chains.revert(volume, snapshot, fileSecurity);
        }
    }

    @Override
    public ModelUpdate createVolumeFromSnapshot(Volume volume, Snapshot snapshot) {
        require(Capability.VOLUME_FROM_SNAPSHOT, "create_volume_from_snapshot");
        VolumeStates.forVolumeFromSnapshot(snapshot);
        lifecycle.newFile(volume);
        FileSecurity fileSecurity = setup.security();
        // Cinder locks only the new volume; the source chain is read too, so it is locked first.
        try (VolumeLocks.Held source = lockAndSweep(snapshot.volume(), "create_volume_from_snapshot", fileSecurity);
             VolumeLocks.Held target = locks.lock(volume.id(), "create_volume_from_snapshot");
             OperationProgress.Operation operation = progress.start("create_volume_from_snapshot", volume.id())) {
            MountedShare share = lifecycle.placeNew(volume, fileSecurity);
            ModelUpdate update = chains.copyFromSnapshot(snapshot, volume, share, fileSecurity);
            operation.succeeded();
            return update;
        }
    }

    @Override
    public ModelUpdate createClonedVolume(Volume volume, Volume source) {
        require(Capability.CLONE, "create_cloned_volume");
        VolumeStates.forClone(source);
        requireOffline(source, "create_cloned_volume");
        lifecycle.newFile(volume);
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held sourceLock = lockAndSweep(source, "create_cloned_volume", fileSecurity);
             VolumeLocks.Held target = locks.lock(volume.id(), "create_cloned_volume");
             OperationProgress.Operation operation = progress.start("create_cloned_volume", volume.id())) {
            lifecycle.refuseExisting(volume, shares.ensureSomeMounted(), fileSecurity);
            ModelUpdate update = chains.cloneVolume(volume, source, fileSecurity);
            operation.succeeded();
            return update;
        }
    }

    // ---------------------------------------------------------------- migration

    /**
     * Cinder's {@code update_migrated_volume}: when the original volume was available and the
     * migration moved it to another share, the new volume's file takes the original's name, so
     * the volume keeps its name; otherwise (or when the rename fails) the volume keeps the new
     * file and records its name id. Unlike Cinder's {@code os.rename}, an existing file of the
     * original name is never overwritten.
     */
    @Override
    public ModelUpdate updateMigratedVolume(Volume volume, Volume newVolume, VolumeStatus originalStatus) {
        require(Capability.MIGRATION, "update_migrated_volume");
        String newNameId = newVolume.name().startsWith("volume-") ? newVolume.name().substring("volume-".length())
                : newVolume.id();
        ModelUpdate keepNewName = new ModelUpdate(newVolume.providerLocation(), Map.of(),
                new ModelUpdate.NameIdUpdate(newNameId));
        if (originalStatus != VolumeStatus.AVAILABLE || newVolume.providerLocation() == null
                || newVolume.providerLocation().equals(volume.providerLocation())) {
            return keepNewName;
        }
        try (VolumeLocks.Held original = locks.lock(volume.id(), "update_migrated_volume");
             VolumeLocks.Held moved = locks.lock(newVolume.id(), "update_migrated_volume")) {
            return lifecycle.renameAfterMigration(volume, newVolume)
                    ? new ModelUpdate(newVolume.providerLocation(), Map.of(), new ModelUpdate.NameIdUpdate(null))
                    : keepNewName;
        }
    }

    // ---------------------------------------------------------------- manage

    /** See {@link ManagedVolumes#size}. Changes nothing. */
    @Override
    public int manageExistingGetSize(Volume volume, Map<String, String> existingRef) {
        require(Capability.MANAGE_EXISTING, "manage_existing_get_size");
        return managed.size(volume, existingRef);
    }

    /**
     * The file the reference names becomes the volume (see {@link ManagedVolumes}), under the
     * volume's lock, when no share holds a file of the volume yet ({@code VOLUME_EXISTS} otherwise).
     */
    @Override
    public ModelUpdate manageExisting(Volume volume, Map<String, String> existingRef) {
        require(Capability.MANAGE_EXISTING, "manage_existing");
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = locks.lock(volume.id(), "manage_existing")) {
            lifecycle.refuseExisting(volume, shares.ensureSomeMounted(), fileSecurity);
            return managed.manage(volume, existingRef, fileSecurity);
        }
    }

    /** Cinder's mixin: the volume is forgotten, its files stay as they are. */
    @Override
    public void unmanage(Volume volume) {
        require(Capability.MANAGE_EXISTING, "unmanage");
        LOG.info("volume {} is no longer managed; its files stay on {}", volume.id(), volume.providerLocation());
    }

    // ---------------------------------------------------------------- images

    /**
     * The volume is written from the image under a temporary name on the share chosen for it, and
     * takes its name only when complete: an interrupted or killed copy leaves no volume.
     */
    @Override
    public Optional<ModelUpdate> cloneImage(Volume volume, ImageRef image) {
        if (!identity.capabilities().contains(Capability.IMAGE_COPY)) {
            return Optional.empty();
        }
        refuseEncrypted(volume);
        lifecycle.newFile(volume);
        ImageService service = requireImageService("clone_image");
        FileSecurity fileSecurity = setup.security();
        // Cinder's clone_image is the first half of copying an image to a new volume: shown as that copy
        try (VolumeLocks.Held held = locks.lock(volume.id(), "clone_image");
             OperationProgress.Operation operation = progress.start("copy_image_to_volume", volume.id())) {
            VolumeNaming.NewFile file = lifecycle.newFile(volume);
            MountedShare share = lifecycle.placeNew(volume, fileSecurity);
            try {
                copies.imageToNewVolume(volume, image, service, share.mountPoint().resolve(file.names().base()),
                        file.format(), fileSecurity);
            } finally {
                allocation.invalidate(share.mountPoint());
            }
            LOG.info("created volume {} ({} GiB) from image {} on {}", volume.id(), volume.size(), image.id(),
                    share.address());
            operation.succeeded();
            return Optional.of(new ModelUpdate(share.address(), Map.of("format", file.format().name()), null));
        }
    }

    @Override
    public void copyImageToVolume(Volume volume, ImageRef image) {
        require(Capability.IMAGE_COPY, "copy_image_to_volume");
        ImageService service = requireImageService("copy_image_to_volume");
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "copy_image_to_volume", fileSecurity);
             OperationProgress.Operation operation = progress.start("copy_image_to_volume", volume.id())) {
            copies.imageToVolume(volume, image, service, fileSecurity);
            operation.succeeded();
        }
    }

    @Override
    public void copyVolumeToImage(Volume volume, ImageRef image) {
        require(Capability.IMAGE_COPY, "copy_volume_to_image");
        ImageService service = requireImageService("copy_volume_to_image");
        FileSecurity fileSecurity = setup.security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "copy_volume_to_image", fileSecurity);
             OperationProgress.Operation operation = progress.start("copy_volume_to_image", volume.id())) {
            copies.volumeToImage(volume, image, service, fileSecurity);
            operation.succeeded();
        }
    }

    private ImageService requireImageService(String operation) {
        return imageService.orElseThrow(() -> new RemoteFsException(ErrorCode.UNSUPPORTED,
                operation + " needs an image service, and none is configured (remotefs.image_service.type = none)",
                Map.of("operation", operation)));
    }

    private void refuseEncrypted(Volume volume) {
        if (volume.encrypted() && !identity.capabilities().contains(Capability.ENCRYPTION)) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED,
                    "volume " + volume.id() + " is encrypted, and driver '" + identity.id()
                            + "' does not support encryption", Map.of("volume_id", volume.id()));
        }
    }

    /**
     * Takes an existing volume's lock, then removes what interrupted operations on it left (see
     * {@link Leftovers}): the next operation on a volume finds it as if they never ran.
     */
    private VolumeLocks.Held lockAndSweep(Volume volume, String operation, FileSecurity fileSecurity) {
        VolumeLocks.Held held = locks.lock(volume.id(), operation);
        try {
            if (volume.providerLocation() != null) {
                MountedShare share = shares.ensureMounted(volume.providerLocation());
                VolumeNames names = inventory.namesIn(share.mountPoint(), volume.name());
                leftovers.sweep(share.mountPoint(), names, volume.attached(), fileSecurity);
                // a snapshot delete killed between its steps is finished before anything else runs
                chains.resumeInterrupted(volume, share.mountPoint(), names, fileSecurity);
                // and a clone killed between its steps is rolled back
                chains.rollBackInterruptedClone(volume, share.mountPoint(), names, fileSecurity);
            }
            return held;
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    /** Operations outside the declared capabilities are refused, as the api's defaults refuse them. */
    private void require(Capability capability, String operation) {
        if (!identity.capabilities().contains(capability)) {
            throw RemoteFsException.unsupported(identity.id(), operation);
        }
    }

    /** Snapshots of attached volumes need the compute service's help: a declared capability. */
    private void requireOffline(Volume volume, String operation) {
        if (volume.attached() && !identity.capabilities().contains(Capability.ONLINE_SNAPSHOTS)) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED,
                    "driver '" + identity.id() + "' does not support " + operation + " of an attached volume ("
                            + volume.id() + ")", Map.of("volume_id", volume.id(), "operation", operation));
        }
    }

    // ---------------------------------------------------------------- attachments and exports

    @Override
    public ConnectionInfo initializeConnection(Volume volume, Connector connector) {
        String location = requireLocation(volume);
        try (VolumeLocks.Held held = locks.lock(volume.id(), "initialize_connection")) {
            return connections.build(volume, location);
        }
    }

    /**
     * Cinder's GlusterFS {@code backup_volume} checks ({@link BackupGuard}) for every core-based
     * backend, then the connection info to read the volume's file.
     */
    @Override
    public ConnectionInfo backupVolume(Volume volume, Connector connector) {
        String location = requireLocation(volume);
        try (VolumeLocks.Held held = locks.lock(volume.id(), "backup_volume")) {
            new BackupGuard().check(volume, chains.state(volume));
            return connections.build(volume, location);
        }
    }

    @Override
    public void terminateConnection(Volume volume, Connector connector) {
        // Nothing to undo: the host mounted the export itself.
    }

    /** Read-only access to a snapshot's data (see {@link ConnectionInfoBuilder#buildForSnapshot}). */
    @Override
    public ConnectionInfo initializeConnectionSnapshot(Snapshot snapshot, Connector connector) {
        require(Capability.SNAPSHOTS, "initialize_connection_snapshot");
        String location = requireLocation(snapshot.volume());
        try (VolumeLocks.Held held = locks.lock(snapshot.volume().id(), "initialize_connection_snapshot")) {
            return connections.buildForSnapshot(snapshot, location);
        }
    }

    @Override
    public void ensureExport(Volume volume) {
        shares.ensureMounted(requireLocation(volume));
    }

    @Override
    public ModelUpdate createExport(Volume volume, Connector connector) {
        return ModelUpdate.none();
    }

    @Override
    public void removeExport(Volume volume) {
        // Nothing to remove: exports are the shares themselves.
    }

    private static String requireLocation(Volume volume) {
        if (volume.providerLocation() == null) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME, "volume " + volume.id() + " has no provider_location",
                    Map.of("volume_id", volume.id()));
        }
        return volume.providerLocation();
    }

    // ---------------------------------------------------------------- stats

    @Override
    public VolumeStats getVolumeStats(boolean refresh) {
        VolumeStats current = cachedStats.get();
        if (refresh || current == null) {
            // the share list and figures kept at most stats_max_age_seconds (see StatsReporter)
            current = stats.report();
            cachedStats.set(current);
        }
        return current;
    }

    // ---------------------------------------------------------------- inspection

    @Override
    public List<ShareState> shares() {
        return shares.states();
    }

    /** Every share unmounted and mounted again, through the protocol; see {@link Shares#remount()}. */
    @Override
    public List<org.remotefs.api.model.ShareRemount> remountShares() {
        return shares.remount();
    }

    @Override
    public List<StoredVolume> listVolumes() {
        return inventory.list(shares.ensureMounted());
    }

    @Override
    public java.util.OptionalInt snapshotVolumeSize(StoredVolume volume, String snapshotId) {
        return inventory.snapshotSize(volume, snapshotId);
    }

    @Override
    public Optional<StoredVolume> findVolume(String volumeId) {
        return inventory.find(Volume.checkId(volumeId), shares.ensureMounted());
    }

    /** See {@link VolumeChecks}: findings of every volume (or those named), repaired under each volume's lock. */
    @Override
    public List<org.remotefs.api.model.CheckFinding> checkVolumes(List<String> volumeIds, boolean repair) {
        // ids first: deciding the security mode may write its marker to the share, and a refused
        // command writes nothing
        volumeIds.forEach(Volume::checkId);
        return checks.check(volumeIds, repair, setup.security());
    }

    /** See {@link ForcedDelete}. */
    @Override
    public List<String> forceDeleteVolume(String volumeId) {
        Volume.checkId(volumeId);
        return forcedDelete.delete(volumeId, setup.security());
    }
}
