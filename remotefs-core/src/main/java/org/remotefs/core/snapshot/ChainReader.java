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
import org.remotefs.api.model.Volume;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Shares;
import org.remotefs.core.layout.ChainWalker;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.layout.VolumeNaming;
import org.remotefs.core.volume.VolumeFormat;

/**
 * Reads a volume's files for an operation that holds its lock: its share (mounted), its info file
 * and its chain, walked and checked ({@link ChainWalker}) before anything is written.
 */
public final class ChainReader {
    private final Shares shares;
    private final InfoFile infoFile;
    private final ChainWalker walker;
    private final VolumeNaming naming;
    private final DeleteJournal journal;
    private final CloneJournal cloneJournal;

    public ChainReader(Shares shares, InfoFile infoFile, ChainWalker walker, VolumeNaming naming,
                       DeleteJournal journal, CloneJournal cloneJournal) {
        this.cloneJournal = cloneJournal;
        this.journal = journal;
        this.shares = shares;
        this.infoFile = infoFile;
        this.walker = walker;
        this.naming = naming;
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
        // the whole read is one call on the share, bounded by its deadline (share_io_timeout)
        return infoFile.calls().bounded(share.mountPoint(), () -> state(volume, share));
    }

    private ChainState state(Volume volume, MountedShare share) {
        VolumeNames names = naming.existing(share.mountPoint(), volume.name());
        Path base = share.mountPoint().resolve(names.base());
        Path infoPath = share.mountPoint().resolve(names.info());
        Map<String, String> info = new LinkedHashMap<>(infoFile.read(infoPath).orElse(Map.of()));
        requirePlainFiles(share, names, info);
        String active = info.getOrDefault(InfoFile.ACTIVE, names.base());
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS) && info.isEmpty()) {
            throw new RemoteFsException(ErrorCode.VOLUME_NOT_FOUND,
                    "volume " + volume.id() + " has no file on " + volume.providerLocation(),
                    Map.of("volume_id", volume.id()));
        }
        // the base's format: what its name tells, else the volume's record (Cinder's admin metadata)
        Optional<VolumeFormat> named = naming.formatOf(names);
        String baseFormat = named.map(VolumeFormat::name).orElse(volume.format());
        List<ChainLink> chain = walker.walk(share.mountPoint(), names, active, baseFormat);
        return new ChainState(share, names, infoPath, info, chain.get(0).fileName(), chain);
    }

    /**
     * Refuses a snapshot as a source of data (a new volume, a revert) while a journal records its
     * delete, or names it as an interrupted clone's temporary snapshot (which is rolled back): the image below its overlay may already hold newer data (Cinder reads it anyway and
     * returns the wrong data).
     *
     * @throws RemoteFsException {@code SNAPSHOT_DELETE_INTERRUPTED}
     */
    public void requireNotBeingDeleted(ChainState state, String snapshotId) {
        Optional<DeleteJournal.Entry> entry;
        try {
            entry = journal.read(state.directory(), state.names());
        } catch (RemoteFsException e) {
            // a journal that cannot be read may name this snapshot: nothing is taken on trust
            throw new RemoteFsException(ErrorCode.SNAPSHOT_DELETE_INTERRUPTED, "volume " + state.names().base()
                    + " has an unreadable journal (" + e.getMessage() + "): its snapshots are not used as sources "
                    + "until 'remotefs check' has looked at it", Map.of("snapshot_id", snapshotId));
        }
        Optional<CloneJournal.Entry> clone;
        try {
            clone = cloneJournal.read(state.directory(), state.names());
        } catch (RemoteFsException e) {
            clone = Optional.empty();
            if (snapshotId.startsWith(org.remotefs.api.model.Snapshot.TEMPORARY_PREFIX)) {
                throw new RemoteFsException(ErrorCode.SNAPSHOT_DELETE_INTERRUPTED, "volume " + state.names().base()
                        + " has an unreadable clone journal (" + e.getMessage() + "): its clone snapshots are not "
                        + "used as sources until 'remotefs check' has looked at it", Map.of("snapshot_id", snapshotId));
            }
        }
        if (clone.filter(e -> e.snapshotId().equals(snapshotId)).isPresent()) {
            // a clone's temporary snapshot that an interrupted clone left: it is rolled back, never read
            throw new RemoteFsException(ErrorCode.SNAPSHOT_DELETE_INTERRUPTED, "snapshot " + snapshotId + " of "
                    + state.names().base() + " is the temporary snapshot of an interrupted clone: it is not used as "
                    + "a source; the next operation on the volume or 'remotefs check --repair' removes it",
                    Map.of("snapshot_id", snapshotId, "journal", state.directory().resolve(state.names().cloneJournal())
                            .toString()));
        }
        if (entry.filter(e -> e.snapshotId().equals(snapshotId)).isPresent()) {
            throw new RemoteFsException(ErrorCode.SNAPSHOT_DELETE_INTERRUPTED, "the delete of snapshot " + snapshotId
                    + " of " + state.names().base() + " was interrupted after its data was merged: it is not used as a "
                    + "source; retry the delete or run 'remotefs check --repair'",
                    Map.of("snapshot_id", snapshotId, "journal", state.directory().resolve(state.names().journal())
                            .toString()));
        }
    }

    /**
     * Every name the info file holds — active and every snapshot's — must be a plain file of this
     * volume in the share's directory: no path, no other volume's file, no symbolic link. Cinder
     * checks the active image's backing chain only, and accepts any snapshot entry; an operation
     * here never starts on a volume whose record points elsewhere ({@code check} reports it,
     * {@code volume delete --force} removes the volume).
     *
     * @throws RemoteFsException {@code INVALID_BACKING_FILE} naming the entry
     */
    private static void requirePlainFiles(MountedShare share, VolumeNames names, Map<String, String> info) {
        for (Map.Entry<String, String> entry : info.entrySet()) {
            String file = entry.getValue();
            if (!names.owns(file) || Files.isSymbolicLink(share.mountPoint().resolve(file))) {
                throw new RemoteFsException(ErrorCode.INVALID_BACKING_FILE, "the info file of " + names.base()
                        + " names '" + file + "' for '" + entry.getKey() + "', which is not a plain file of the volume "
                        + "in the share's directory; 'remotefs volume delete --force' removes the volume",
                        Map.of("file", file, "entry", entry.getKey()));
            }
        }
    }
}
