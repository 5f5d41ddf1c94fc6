package org.remotefs.core.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Snapshot;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeFileNames;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.Qcow2Occupancy;
import org.remotefs.core.volume.VolumeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Removes what an operation that was stopped, or killed with no chance to roll back, left of a
 * volume — and only what is provably such a leftover and holds no data of its own. Called with the
 * volume's lock held, so no running operation owns any of it:
 *
 * <ul>
 *   <li>temporary files ({@code .tmp-} names: new files being written, info files being
 *       replaced, revert and image-copy files);</li>
 *   <li>an overlay no info file records and no image of the volume is backed by, that nothing
 *       wrote to (a snapshot create killed after {@code qemu-img create});</li>
 *   <li>a clone's temporary snapshot {@code tmp-snap-<new volume id>} that is still the active,
 *       empty overlay (a clone killed during its copy): dropped from the info file, the image
 *       below it active again.</li>
 * </ul>
 *
 * Anything else that looks left behind — an unrecorded overlay with data, a clone's snapshot with
 * newer snapshots above it — may hold data nobody else has: it is left in place and reported.
 */
@Singleton
public final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private final InfoFile infoFile;
    private final ImageHeaderReader headers;
    private final Qcow2Occupancy occupancy;
    private final FileOperations fileOperations;
    private final VolumeFiles volumeFiles;
    private final OperationGuard guard;

    @Inject
    public Leftovers(InfoFile infoFile, ImageHeaderReader headers, Qcow2Occupancy occupancy,
                     FileOperations fileOperations, VolumeFiles volumeFiles, OperationGuard guard) {
        this.infoFile = infoFile;
        this.headers = headers;
        this.occupancy = occupancy;
        this.fileOperations = fileOperations;
        this.volumeFiles = volumeFiles;
        this.guard = guard;
    }

    /** Removes the volume's temporary files only: all a volume that does not exist yet can have. */
    public void removeTemporaryFiles(Path directory, String volumeName, FileSecurity security) {
        removeTemporaryFiles(fileOperations.calls().bounded(directory,
                () -> VolumeInventory.leftovers(directory, volumeName)), security);
    }

    private void removeTemporaryFiles(List<Path> temporaries, FileSecurity security) {
        // never without the volume's lock: a lock service that lost it stops the sweep
        guard.checkLeases();
        for (Path leftover : temporaries) {
            LOG.warn("removing {}, a temporary file an interrupted operation left", leftover);
            fileOperations.delete(leftover, security.asRoot());
        }
    }

    /**
     * Removes every provable leftover of an existing volume, and reports (logs) what it leaves. Of
     * an attached volume only temporary files go: an overlay the info file does not record may be
     * the one a running guest was just switched to by an online snapshot that failed to report.
     *
     * @return the files left in place that look left behind but may hold data
     */
    public List<String> sweep(Path directory, VolumeNames volume, boolean attached, FileSecurity security) {
        // one listing serves the whole sweep: it runs before every operation on the volume
        VolumeFileNames names = fileOperations.calls().bounded(directory,
                () -> VolumeInventory.scan(directory, volume.stem()));
        removeTemporaryFiles(names.temporaries(), security);
        if (attached) {
            return List.of();
        }
        Path infoPath = directory.resolve(volume.info());
        Map<String, String> info;
        try {
            info = new LinkedHashMap<>(infoFile.read(infoPath).orElse(Map.of()));
        } catch (RemoteFsException e) {
            // a corrupt info file: the operation itself reports it; nothing is judged without it
            return List.of();
        }
        List<String> kept = new ArrayList<>();
        dropClonesTemporarySnapshots(directory, volume, infoPath, info, security, kept);
        removeUnrecordedOverlays(directory, volume, names.files(), info, security, kept);
        return kept;
    }

    private void dropClonesTemporarySnapshots(Path directory, VolumeNames volume, Path infoPath,
                                              Map<String, String> info, FileSecurity security, List<String> kept) {
        for (String id : List.copyOf(info.keySet())) {
            if (id.startsWith(Snapshot.TEMPORARY_PREFIX)) {
                if (!dropIfEmptyActive(directory, volume, infoPath, info, id, security)) {
                    LOG.warn("clone snapshot {} of {} was left by an interrupted clone, but it is not an empty active "
                            + "overlay: left for repair", id, volume.base());
                    kept.add(info.get(id));
                }
            }
        }
    }

    /**
     * Drops a snapshot whose file is the volume's active overlay and holds no data: the info file
     * first names the image below as active (so the chain reads the same after every step), then
     * the overlay goes. No {@code qemu-img} runs, so it also works while the host asks to stop.
     *
     * @param info the info file's entries; updated in place when the snapshot is dropped
     * @return whether it was dropped
     */
    public boolean dropIfEmptyActive(Path directory, VolumeNames volume, Path infoPath, Map<String, String> info,
                                     String snapshotId, FileSecurity security) {
        String file = info.get(snapshotId);
        if (file == null || !file.equals(info.get(InfoFile.ACTIVE)) || !volume.owns(file)) {
            return false;
        }
        Path path = directory.resolve(file);
        Optional<String> backing = backingOf(path).filter(volume::owns);
        if (backing.isEmpty() || !occupancy.isEmptyOverlay(path)) {
            return false;
        }
        Map<String, String> updated = new LinkedHashMap<>(info);
        updated.remove(snapshotId);
        updated.put(InfoFile.ACTIVE, backing.get());
        infoFile.write(infoPath, updated, p -> volumeFiles.setPermissions(p, security));
        info.clear();
        info.putAll(updated);
        fileOperations.delete(path, security.asRoot());
        LOG.info("dropped snapshot {} of {}: its overlay {} held no data", snapshotId, volume.base(), file);
        return true;
    }

    private void removeUnrecordedOverlays(Path directory, VolumeNames volume, List<String> volumeFiles,
                                          Map<String, String> info, FileSecurity security, List<String> kept) {
        List<String> files = new ArrayList<>(volumeFiles);
        files.remove(volume.base());
        files.removeIf(volume::isRecord);
        for (String file : files) {
            if (info.containsValue(file)) {
                continue;
            }
            Path path = directory.resolve(file);
            Optional<String> backing = backingOf(path);
            boolean ours = backing.filter(volume::owns).isPresent();
            if (ours && !backedUpon(directory, volume, volumeFiles, file) && occupancy.isEmptyOverlay(path)) {
                LOG.warn("removing {}: an overlay no info file records, with no data (left by an interrupted "
                        + "snapshot)", path);
                fileOperations.delete(path, security.asRoot());
            } else {
                LOG.warn("{} is a file of {} that its info file does not record and that may hold data: left for "
                        + "repair", path, volume.base());
                kept.add(file);
            }
        }
    }

    /** Whether any other image of the volume names {@code file} as its backing file. */
    private boolean backedUpon(Path directory, VolumeNames volume, List<String> volumeFiles, String file) {
        for (String other : volumeFiles) {
            if (!other.equals(file) && !other.equals(volume.info())
                    && backingOf(directory.resolve(other)).filter(file::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> backingOf(Path path) {
        try {
            ImageHeader header = headers.read(path);
            return header.format() == ImageFormat.QCOW2 ? header.backingFile() : Optional.empty();
        } catch (RemoteFsException e) {
            return Optional.empty();
        }
    }
}
