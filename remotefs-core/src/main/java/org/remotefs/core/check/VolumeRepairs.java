package org.remotefs.core.check;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.CheckFinding;
import org.remotefs.api.model.FindingCode;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeFileNames;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.layout.VolumeNaming;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.snapshot.CloneJournal;
import org.remotefs.core.snapshot.DeleteJournal;
import org.remotefs.core.snapshot.InfoWriter;
import org.remotefs.core.snapshot.Leftovers;
import org.remotefs.core.snapshot.SnapshotChains;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts right what {@link VolumeInspector} found, where that is provably safe, for a caller holding
 * the volume's lock (so no running operation owns any of it). Nothing that may hold data is
 * deleted: a file only goes when it is a temporary file or an overlay with no data; anything else
 * unreferenced moves to the share's {@link Quarantine}. Each finding says what was done:
 * {@code repaired}, {@code kept} (nothing safe to do) or {@code failed: <code>}.
 */
public final class VolumeRepairs {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeRepairs.class);

    private final SnapshotChains chains;
    private final Leftovers leftovers;
    private final InfoFile infoFile;
    private final InfoWriter infoWriter;
    private final FileOperations fileOperations;
    private final Quarantine quarantine;
    private final VolumeNaming naming;
    private final ImageHeaderReader headers;
    private final InfoRebuild rebuild;
    private final DeleteJournal journal;

    public VolumeRepairs(SnapshotChains chains, Leftovers leftovers, InfoFile infoFile, InfoWriter infoWriter,
                         FileOperations fileOperations, Quarantine quarantine, VolumeNaming naming,
                         ImageHeaderReader headers, InfoRebuild rebuild, DeleteJournal journal) {
        this.rebuild = rebuild;
        this.journal = journal;
        this.chains = chains;
        this.leftovers = leftovers;
        this.infoFile = infoFile;
        this.infoWriter = infoWriter;
        this.fileOperations = fileOperations;
        this.quarantine = quarantine;
        this.naming = naming;
        this.headers = headers;
    }

    /** Repairs one finding of a volume whose lock the caller holds. */
    public CheckFinding repair(MountedShare share, CheckFinding finding, FileSecurity security) {
        Path directory = share.mountPoint();
        VolumeNames names = naming.existing(directory, VolumeInventory.fileName(finding.volumeId()));
        try {
            boolean done = switch (finding.code()) {
                case TEMPORARY_FILE -> {
                    fileOperations.delete(directory.resolve(finding.files().get(0)), security.asRoot());
                    yield true;
                }
                case ORPHAN_OVERLAY -> orphan(directory, finding, security);
                case CLONE_TEMPORARY_SNAPSHOT -> cloneSnapshot(directory, names, finding.files().get(0), security);
                case SNAPSHOT_NOT_IN_CHAIN -> dropStale(directory, names, finding.files().get(0), security);
                case INFO_FILE_MISSING, INFO_FILE_UNREADABLE -> rebuildInfo(directory, names, finding, security);
                case INTERRUPTED_CLONE -> chains.rollBackInterruptedClone(detached(share, finding.volumeId(), names),
                        directory, names, security).filter(m -> m != CloneJournal.Match.STALE).isPresent();
                case INTERRUPTED_SNAPSHOT_DELETE -> chains.resumeInterrupted(detached(share, finding.volumeId(), names),
                        directory, names, security).filter(m -> m != DeleteJournal.Match.STALE).isPresent();
                case INTERRUPTED_VOLUME_DELETE -> finishVolumeDelete(directory, names, security);
                default -> false;
            };
            if (done) {
                LOG.info("check: {} of volume {} repaired ({})", finding.code(), finding.volumeId(), finding.repair());
            }
            return finding.withOutcome(done ? "repaired" : "kept");
        } catch (RemoteFsException e) {
            LOG.warn("check: {} of volume {} could not be repaired: {} [{}]", finding.code(), finding.volumeId(),
                    e.getMessage(), e.code());
            return finding.withOutcome("failed: " + e.code().name());
        }
    }

    /**
     * Writes the info file the chain proves — looked at again here, under the lock — in place of a
     * missing one, or of an unreadable one, which first moves to the quarantine (never deleted: it
     * may be all that tells the snapshot ids). Nothing is written when the files prove nothing.
     */
    private boolean rebuildInfo(Path directory, VolumeNames names, CheckFinding finding, FileSecurity security) {
        Path infoPath = directory.resolve(names.info());
        boolean unreadable = finding.code() == FindingCode.INFO_FILE_UNREADABLE;
        if (unreadable ? !VolumeInspector.REBUILD_UNREADABLE.equals(finding.repair())
                : !VolumeInspector.REBUILD.equals(finding.repair())) {
            return false;
        }
        boolean present = Files.exists(infoPath, LinkOption.NOFOLLOW_LINKS);
        if (present != unreadable || (unreadable && readable(infoPath))) {
            return false; // the volume changed since it was inspected
        }
        List<String> images = VolumeInventory.scan(directory, names.stem()).files().stream()
                .filter(f -> !names.isRecord(f)).toList();
        InfoRebuild.Verdict verdict = rebuild.rebuild(directory, names, images, naming.knownBaseFormat(names));
        if (!verdict.provable()) {
            return false;
        }
        if (unreadable) {
            LOG.warn("check: moved the unreadable info file {} to {}", infoPath, quarantine.move(infoPath));
        }
        infoWriter.write(infoPath, verdict.info(), security);
        LOG.warn("check: wrote {} from the chain: {} (snapshot ids read from file names: compare them with Cinder's "
                + "database)", infoPath, verdict.info());
        return true;
    }

    private boolean readable(Path infoPath) {
        try {
            infoFile.read(infoPath);
            return true;
        } catch (RemoteFsException e) {
            return false;
        }
    }

    /**
     * The files the journal of the interrupted volume delete lists (each a file of the volume,
     * checked again here), then the info file, then the journal: what the delete would have done.
     */
    private boolean finishVolumeDelete(Path directory, VolumeNames names, FileSecurity security) {
        Optional<List<String>> files = journal.volumeDelete(directory, names);
        if (files.isEmpty()) {
            return false;
        }
        for (String file : files.get()) {
            if (names.owns(file)) {
                fileOperations.delete(directory.resolve(file), security.asRoot());
            }
        }
        fileOperations.delete(directory.resolve(names.info()), security.asRoot());
        fileOperations.delete(directory.resolve(names.journal()), security.asRoot());
        return true;
    }

    private boolean orphan(Path directory, CheckFinding finding, FileSecurity security) {
        Path path = directory.resolve(finding.files().get(0));
        if (VolumeInspector.REMOVE_EMPTY.equals(finding.repair())) {
            fileOperations.delete(path, security.asRoot());
            return true;
        }
        if (VolumeInspector.QUARANTINE.equals(finding.repair())) {
            LOG.warn("check: moved {} to {}", path, quarantine.move(path));
            return true;
        }
        return false;
    }

    private boolean cloneSnapshot(Path directory, VolumeNames names, String file, FileSecurity security) {
        Path infoPath = directory.resolve(names.info());
        Map<String, String> info = new LinkedHashMap<>(infoFile.read(infoPath).orElse(Map.of()));
        Optional<String> id = info.entrySet().stream()
                .filter(e -> e.getKey().startsWith(Snapshot.TEMPORARY_PREFIX) && e.getValue().equals(file))
                .map(Map.Entry::getKey).findFirst();
        return id.isPresent() && leftovers.dropIfEmptyActive(directory, names, infoPath, info, id.get(), security);
    }

    /**
     * A recorded snapshot whose file is not in the chain backs nothing the volume reads: its
     * entry goes (as Cinder's {@code _delete_stale_snapshot} drops it), and its file, which may
     * hold data, moves to the quarantine unless another image is backed by it.
     */
    private boolean dropStale(Path directory, VolumeNames names, String file, FileSecurity security) {
        Path infoPath = directory.resolve(names.info());
        Map<String, String> info = new LinkedHashMap<>(infoFile.read(infoPath).orElse(Map.of()));
        if (file.equals(info.get(InfoFile.ACTIVE))) {
            return false;
        }
        info.entrySet().removeIf(e -> !InfoFile.ACTIVE.equals(e.getKey()) && e.getValue().equals(file));
        infoWriter.write(infoPath, info, security);
        Path path = directory.resolve(file);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !backedUpon(directory, names, file)) {
            LOG.warn("check: moved {} to {}", path, quarantine.move(path));
        }
        return true;
    }

    private boolean backedUpon(Path directory, VolumeNames names, String file) {
        VolumeFileNames files = VolumeInventory.scan(directory, names.stem());
        return files.files().stream().filter(f -> !f.equals(file) && names.owns(f)).anyMatch(f -> {
            try {
                ImageHeader header = headers.read(directory.resolve(f));
                return header.format() == ImageFormat.QCOW2 && header.backingFile().filter(file::equals).isPresent();
            } catch (RemoteFsException e) {
                return false;
            }
        });
    }

    /** The volume as the command line sees it: detached (no database says otherwise). */
    private Volume detached(MountedShare share, String volumeId, VolumeNames names) {
        return new Volume(volumeId, names.stem(), 1, share.address(), VolumeStatus.AVAILABLE, AttachStatus.DETACHED,
                null, naming.knownBaseFormat(names), Map.of(), Map.of(), null);
    }

}
