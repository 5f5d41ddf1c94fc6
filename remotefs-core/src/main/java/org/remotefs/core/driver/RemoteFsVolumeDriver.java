package org.remotefs.core.driver;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.remotefs.core.exec.Command;
import org.remotefs.core.image.ImageCopies;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.ShareProtocol;
import org.remotefs.core.share.ShareSelector;
import org.remotefs.core.share.Shares;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.snapshot.Leftovers;
import org.remotefs.core.snapshot.SnapshotChains;
import org.remotefs.core.snapshot.VolumeStates;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.NasSecurity;
import org.remotefs.core.volume.VolumeFileKind;
import org.remotefs.core.volume.VolumeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.config.CoreOptions;

/**
 * Cinder's {@code RemoteFSDriver}, assembled from parts: the public operations, their state and
 * capability checks and their locks. Protocol specifics come from the {@link ShareProtocol}.
 */
public class RemoteFsVolumeDriver implements VolumeDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteFsVolumeDriver.class);
    private static final double GIB = 1L << 30;

    private final DriverIdentity identity;
    private final CoreOptions options;
    private final Shares shares;
    private final ShareProtocol protocol;
    private final ShareSelector selector;
    private final VolumeFiles files;
    private final NasSecurity nasSecurity;
    private final StatsReporter stats;
    private final VolumeInventory inventory;
    private final VolumeLocks locks;
    private final AllocationTracker allocation;
    private final InfoFile infoFile;
    private final CommandRunner runner;
    private final SnapshotChains chains;
    private final ImageCopies copies;
    private final Optional<ImageService> imageService;
    private final OperationGate gate;
    private final Leftovers leftovers;
    private final LayoutCheck layouts;
    private final AtomicReference<FileSecurity> security = new AtomicReference<>();
    private final AtomicReference<VolumeStats> cachedStats = new AtomicReference<>();

    public RemoteFsVolumeDriver(DriverIdentity identity, CoreOptions options, Shares shares, ShareProtocol protocol,
                                ShareSelector selector, VolumeFiles files, NasSecurity nasSecurity, StatsReporter stats,
                                VolumeInventory inventory, VolumeLocks locks, AllocationTracker allocation,
                                InfoFile infoFile, CommandRunner runner,
                                SnapshotChains chains, ImageCopies copies, Optional<ImageService> imageService,
                                OperationGate gate, Leftovers leftovers, LayoutCheck layouts) {
        this.identity = identity;
        this.options = options;
        this.shares = shares;
        this.protocol = protocol;
        this.selector = selector;
        this.files = files;
        this.nasSecurity = nasSecurity;
        this.stats = stats;
        this.inventory = inventory;
        this.locks = locks;
        this.allocation = allocation;
        this.infoFile = infoFile;
        this.runner = runner;
        this.chains = chains;
        this.copies = copies;
        this.imageService = imageService;
        this.gate = gate;
        this.leftovers = leftovers;
        this.layouts = layouts;
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
    public synchronized void doSetup() {
        // first: a layout the driver does not declare is refused whatever the host and its shares
        layouts.check(volumeFileKind());
        gate.checkTools();
        // before any share is mounted or written to: a refused configuration changes nothing
        copies.checkConversionDirectory();
        List<MountedShare> mounted = shares.ensureSomeMounted();
        Path first = mounted.get(0).mountPoint();
        boolean newInstall = !inventory.anyVolume(mounted);
        boolean permissions = nasSecurity.resolve("nas_secure_file_permissions", options.nasSecureFilePermissions(),
                first, newInstall);
        boolean operations = nasSecurity.resolve("nas_secure_file_operations", options.nasSecureFileOperations(),
                first, newInstall);
        // two shares with one pool name are refused before anything is placed on either
        stats.checkPools(mounted);
        FileSecurity resolved = new FileSecurity(operations, permissions);
        gate.checkSetup(resolved);
        security.set(resolved);
        LOG.debug("backend set up: {} share(s), secure operations {}, secure permissions {}", mounted.size(),
                operations, permissions);
    }

    @Override
    public void checkForSetupError() {
        // Cinder calls this after do_setup; called alone, it must not pass a refused layout either
        layouts.check(volumeFileKind());
        String tool = switch (volumeFileKind()) {
            case QCOW2 -> "qemu-img";
            case SPARSE -> "truncate";
            case THICK -> "dd";
        };
        try {
            runner.run(Command.of(tool, "--version"));
        } catch (RemoteFsException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    tool + " is needed to create " + volumeFileKind().name().toLowerCase(java.util.Locale.ROOT)
                            + " volumes and cannot be run: " + e.getMessage(), Map.of("tool", tool), e);
        }
    }

    /** The resolved secure-NAS settings, setting the driver up first if it is not yet. */
    protected FileSecurity security() {
        FileSecurity current = security.get();
        if (current == null) {
            doSetup();
            current = security.get();
        }
        return current;
    }

    // ---------------------------------------------------------------- volumes

    @Override
    public ModelUpdate createVolume(Volume volume) {
        refuseEncrypted(volume);
        VolumeFileKind kind = volumeFileKind();
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = locks.lock(volume.id(), "create_volume")) {
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
    }

    @Override
    public void deleteVolume(Volume volume) {
        if (volume.providerLocation() == null) {
            LOG.warn("volume {} has no provider_location: nothing to delete", volume.id());
            return;
        }
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = locks.lock(volume.id(), "delete_volume")) {
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
                for (Path leftover : VolumeInventory.leftovers(share.mountPoint(), volume.name())) {
                    files.delete(leftover, fileSecurity);
                }
            } finally {
                allocation.invalidate(share.mountPoint());
            }
            LOG.info("deleted volume {} from {}", volume.id(), share.address());
        }
    }

    @Override
    public void extendVolume(Volume volume, int newSizeGib) {
        require(Capability.EXTEND, "extend_volume");
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "extend_volume", fileSecurity)) {
            chains.extend(volume, newSizeGib, fileSecurity);
        }
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    public ModelUpdate createSnapshot(Snapshot snapshot) {
        require(Capability.SNAPSHOTS, "create_snapshot");
        gate.check("create_snapshot");
        VolumeStates.forCreateSnapshot(snapshot);
        requireOffline(snapshot.volume(), "create_snapshot");
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = lockAndSweep(snapshot.volume(), "create_snapshot", fileSecurity)) {
            return chains.createSnapshot(snapshot, fileSecurity);
        }
    }

    @Override
    public void deleteSnapshot(Snapshot snapshot) {
        require(Capability.SNAPSHOTS, "delete_snapshot");
        VolumeStates.forDeleteSnapshot(snapshot);
        requireOffline(snapshot.volume(), "delete_snapshot");
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = lockAndSweep(snapshot.volume(), "delete_snapshot", fileSecurity)) {
            chains.deleteSnapshot(snapshot, fileSecurity);
        }
    }

    @Override
    public void revertToSnapshot(Volume volume, Snapshot snapshot) {
        require(Capability.REVERT, "revert_to_snapshot");
        VolumeStates.forRevert(volume);
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "revert_to_snapshot", fileSecurity)) {
            chains.revert(volume, snapshot, fileSecurity);
        }
    }

    @Override
    public ModelUpdate createVolumeFromSnapshot(Volume volume, Snapshot snapshot) {
        require(Capability.VOLUME_FROM_SNAPSHOT, "create_volume_from_snapshot");
        VolumeStates.forVolumeFromSnapshot(snapshot);
        FileSecurity fileSecurity = security();
        // Cinder locks only the new volume; the source chain is read too, so it is locked first.
        try (VolumeLocks.Held source = lockAndSweep(snapshot.volume(), "create_volume_from_snapshot", fileSecurity);
             VolumeLocks.Held target = locks.lock(volume.id(), "create_volume_from_snapshot")) {
            MountedShare share = placeNew(volume, fileSecurity);
            return chains.copyFromSnapshot(snapshot, volume, share, fileSecurity);
        }
    }

    @Override
    public ModelUpdate createClonedVolume(Volume volume, Volume source) {
        require(Capability.CLONE, "create_cloned_volume");
        VolumeStates.forClone(source);
        requireOffline(source, "create_cloned_volume");
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held sourceLock = lockAndSweep(source, "create_cloned_volume", fileSecurity);
             VolumeLocks.Held target = locks.lock(volume.id(), "create_cloned_volume")) {
            refuseExisting(volume, shares.ensureSomeMounted(), fileSecurity);
            return chains.cloneVolume(volume, source, fileSecurity);
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
            MountedShare share = shares.ensureMounted(newVolume.providerLocation());
            Path current = share.mountPoint().resolve(newVolume.name());
            Path target = share.mountPoint().resolve(Volume.create(volume.id(), 1).name());
            try {
                // without REPLACE_EXISTING: a file of the original name makes the move fail
                Files.move(current, target);
            } catch (java.io.IOException | UnsupportedOperationException e) {
                LOG.error("could not rename {} to {} after migrating volume {}: {}", current, target, volume.id(),
                        e.toString());
                return keepNewName;
            }
            return new ModelUpdate(newVolume.providerLocation(), Map.of(), new ModelUpdate.NameIdUpdate(null));
        }
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
        ImageService service = requireImageService("clone_image");
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = locks.lock(volume.id(), "clone_image")) {
            MountedShare share = placeNew(volume, fileSecurity);
            ImageFormat format;
            try {
                format = copies.imageToNewVolume(volume, image, service, share.mountPoint().resolve(volume.name()),
                        fileSecurity);
            } finally {
                allocation.invalidate(share.mountPoint());
            }
            LOG.info("created volume {} ({} GiB) from image {} on {}", volume.id(), volume.size(), image.id(),
                    share.address());
            return Optional.of(new ModelUpdate(share.address(), Map.of("format", format.qemuName()), null));
        }
    }

    @Override
    public void copyImageToVolume(Volume volume, ImageRef image) {
        require(Capability.IMAGE_COPY, "copy_image_to_volume");
        ImageService service = requireImageService("copy_image_to_volume");
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "copy_image_to_volume", fileSecurity)) {
            copies.imageToVolume(volume, image, service, fileSecurity);
        }
    }

    @Override
    public void copyVolumeToImage(Volume volume, ImageRef image) {
        require(Capability.IMAGE_COPY, "copy_volume_to_image");
        ImageService service = requireImageService("copy_volume_to_image");
        FileSecurity fileSecurity = security();
        try (VolumeLocks.Held held = lockAndSweep(volume, "copy_volume_to_image", fileSecurity)) {
            copies.volumeToImage(volume, image, service, fileSecurity);
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

    /** The share a new volume goes to, after checking no share holds it yet. */
    private MountedShare placeNew(Volume volume, FileSecurity fileSecurity) {
        List<MountedShare> mounted = shares.ensureSomeMounted();
        refuseExisting(volume, mounted, fileSecurity);
        return selector.select(volume, mounted);
    }

    /**
     * With the new volume's lock held: temporary files an interrupted create of it left are
     * removed (so that a retry with the same id succeeds), then any other file of it on any share
     * — base, info file, an overlay nothing records — refuses the create.
     */
    private void refuseExisting(Volume volume, List<MountedShare> mounted, FileSecurity fileSecurity) {
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

    /**
     * Takes an existing volume's lock, then removes what interrupted operations on it left (see
     * {@link Leftovers}): the next operation on a volume finds it as if they never ran.
     */
    private VolumeLocks.Held lockAndSweep(Volume volume, String operation, FileSecurity fileSecurity) {
        VolumeLocks.Held held = locks.lock(volume.id(), operation);
        try {
            if (volume.providerLocation() != null) {
                MountedShare share = shares.ensureMounted(volume.providerLocation());
                leftovers.sweep(share.mountPoint(), volume.name(), volume.attached(), fileSecurity);
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

    /** The kind of file new volumes get: qcow2 wins over sparse, as in Cinder. */
    protected VolumeFileKind volumeFileKind() {
        if (options.qcow2Volumes()) {
            return VolumeFileKind.QCOW2;
        }
        return options.sparsedVolumes() ? VolumeFileKind.SPARSE : VolumeFileKind.THICK;
    }

    // ---------------------------------------------------------------- attachments and exports

    @Override
    public ConnectionInfo initializeConnection(Volume volume, Connector connector) {
        String location = requireLocation(volume);
        try (VolumeLocks.Held held = locks.lock(volume.id(), "initialize_connection")) {
            // The whole chain is walked and checked, as Cinder's _qemu_img_info_base checks it: a
            // backing file a guest wrote into a header is refused before a hypervisor follows it. A
            // volume recorded as raw is read as raw, whatever its first bytes say.
            ChainLink active = chains.state(volume).chain().get(0);
            ImageHeader header = active.header();
            if (header.format() != ImageFormat.RAW && header.format() != ImageFormat.QCOW2) {
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                        "volume " + volume.id() + " must be a valid raw or qcow2 image; " + active.fileName() + " is "
                                + header.format().qemuName(), Map.of("volume_id", volume.id()));
            }
            if (Math.ceil(header.virtualSize() / GIB) > volume.size()) {
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                        "volume " + volume.id() + ": the image's virtual size (" + header.virtualSize()
                                + " bytes) exceeds the volume's size of " + volume.size()
                                + " GiB; refusing it as a possible exploit", Map.of("volume_id", volume.id()));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("export", location);
            data.put("name", active.fileName());
            shares.configured().find(location).ifPresent(s -> data.put("options", s.options()));
            data.put("format", header.format().qemuName());
            data.putAll(protocol.extraConnectionData(active.path()));
            return new ConnectionInfo(protocol.driverVolumeType(), data,
                    protocol.mountPointBase().map(Path::toString).orElse(null));
        }
    }

    @Override
    public void terminateConnection(Volume volume, Connector connector) {
        // Nothing to undo: the host mounted the export itself.
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
            current = stats.report(shares.ensureMounted());
            cachedStats.set(current);
        }
        return current;
    }

    // ---------------------------------------------------------------- inspection

    @Override
    public List<ShareState> shares() {
        return shares.states();
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
}
