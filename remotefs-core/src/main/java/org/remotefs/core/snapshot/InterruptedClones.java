package org.remotefs.core.snapshot;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.TemporaryNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls back a clone that was interrupted (killed) between its steps, as its
 * {@link CloneJournal} recorded it, before the next operation on the source or on
 * {@code check --repair} — with the source's lock held (every clone holds it, so no running clone
 * owns what is removed), and only when the journal still matches the source: the temporary
 * snapshot is dropped while its overlay is still the empty active image, the new volume's
 * temporary files are removed, then the journal. A new volume whose file was already complete
 * stays: it is a whole copy, and only its owner deletes a volume. A stale journal is reported and left.
 */
public final class InterruptedClones {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedClones.class);

    private final ChainReader reader;
    private final CloneJournal journal;
    private final Leftovers leftovers;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;

    public InterruptedClones(ChainReader reader, CloneJournal journal, Leftovers leftovers,
                             FileOperations fileOperations, AllocationTracker allocation) {
        this.reader = reader;
        this.journal = journal;
        this.leftovers = leftovers;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
    }

    /**
     * @return how the journal matched ({@link CloneJournal.Match#STALE} also when the temporary
     *         snapshot holds data and cannot be dropped), empty when there is none or the source is
     *         attached
     */
    public Optional<CloneJournal.Match> resume(Volume source, Path directory, VolumeNames names,
                                               FileSecurity security) {
        if (!Files.exists(directory.resolve(names.cloneJournal()), LinkOption.NOFOLLOW_LINKS) || source.attached()) {
            return Optional.empty();
        }
        ChainState state = reader.state(source);
        Optional<CloneJournal.Entry> found = journal.read(directory, names);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CloneJournal.Entry entry = found.get();
        CloneJournal.Match match = CloneJournal.match(entry, state.info(), Snapshots.chainNames(state), names.base());
        try {
            if (match == CloneJournal.Match.SNAPSHOT_ON_TOP && !leftovers.dropIfEmptyActive(directory, names,
                    state.infoPath(), new LinkedHashMap<>(state.info()), entry.snapshotId(), security)) {
                LOG.warn("the clone snapshot {} of {} holds data: the interrupted clone is not rolled back; left for "
                        + "'remotefs check'", entry.snapshotId(), names.base());
                return Optional.of(CloneJournal.Match.STALE);
            }
            if (match == CloneJournal.Match.STALE) {
                LOG.warn("the clone journal of {} (snapshot {}) no longer matches the volume (changed by another "
                        + "writer?): left for 'remotefs check'", names.base(), entry.snapshotId());
                return Optional.of(match);
            }
            removeCopies(directory, entry.targetFile(), security);
            journal.clear(directory, names);
            LOG.warn("rolled back the interrupted clone of {} into {}", names.base(), entry.targetFile());
        } finally {
            allocation.invalidate(directory);
        }
        return Optional.of(match);
    }

    /** The clone's temporary files of the new volume: {@code <target>.tmp-copy-<random>}. */
    private void removeCopies(Path directory, String targetFile, FileSecurity security) {
        String prefix = targetFile + TemporaryNames.MARK + CloneJournal.COPY_PURPOSE + "-";
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, prefix + "*")) {
            for (Path copy : copies) {
                LOG.warn("removing {}, the new volume's file an interrupted clone was writing", copy);
                fileOperations.delete(copy, security.asRoot());
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot list " + directory + ": " + e,
                    Map.of("mount_point", directory.toString()), e);
        }
    }
}
