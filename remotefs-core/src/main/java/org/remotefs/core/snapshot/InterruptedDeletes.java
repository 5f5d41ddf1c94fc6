package org.remotefs.core.snapshot;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a snapshot delete that was interrupted (killed) between its steps, as its
 * {@link DeleteJournal} recorded it, before the next operation on the volume or on
 * {@code check --repair} — with the volume's lock held, and only when the journal still matches
 * the volume: a delete whose info file is still the one before is run again (a second
 * {@code qemu-img commit} of the same overlay writes the same data, a rebase to the same backing
 * file changes nothing); one whose info file was already written only has the merged file and the
 * journal left to remove. A stale journal is reported and left.
 */
public final class InterruptedDeletes {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedDeletes.class);

    private final ChainReader reader;
    private final DeleteJournal journal;
    private final Snapshots snapshots;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;

    public InterruptedDeletes(ChainReader reader, DeleteJournal journal, Snapshots snapshots,
                              FileOperations fileOperations, AllocationTracker allocation) {
        this.reader = reader;
        this.journal = journal;
        this.snapshots = snapshots;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
    }

    /**
     * @param directory the volume's share mount point
     * @param names     its names there
     * @return how the journal matched, empty when there is none (or the volume is attached: an
     *         offline delete is not finished under a running guest)
     */
    public Optional<DeleteJournal.Match> resume(Volume volume, Path directory, VolumeNames names,
                                                FileSecurity security) {
        if (!fileOperations.exists(directory.resolve(names.journal())) || volume.attached()) {
            return Optional.empty();
        }
        ChainState state = reader.state(volume);
        Optional<DeleteJournal.Entry> found = journal.read(directory, names);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DeleteJournal.Entry entry = found.get();
        DeleteJournal.Match match = DeleteJournal.match(entry, state.info(), Snapshots.chainNames(state));
        switch (match) {
            case REPLAY -> {
                LOG.warn("the delete of snapshot {} of {} was interrupted: finishing it", entry.snapshotId(),
                        names.base());
                snapshots.deleteSnapshot(new Snapshot(entry.snapshotId(), volume, SnapshotStatus.DELETING, null, null),
                        security);
            }
            case FINISH -> {
                String file = entry.snapshotFile();
                if (names.owns(file) && state.indexOf(file) < 0 && !state.info().containsValue(file)) {
                    LOG.warn("the delete of snapshot {} of {} was interrupted after its info file was written: "
                            + "removing its merged file {}", entry.snapshotId(), names.base(), file);
                    fileOperations.delete(directory.resolve(file), security.asRoot());
                    allocation.invalidate(directory);
                }
                journal.clear(directory, names);
            }
            case STALE -> LOG.warn("the journal of {} records a delete of snapshot {} that no longer matches the "
                    + "volume (changed by another writer?): left for 'remotefs check'", names.base(),
                    entry.snapshotId());
        }
        return Optional.of(match);
    }
}
