package org.remotefs.core.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Snapshot;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.share.ShareCalls;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The intent of a clone through a temporary snapshot, recorded beside the source's info file
 * ({@code <info file>.clone.journal}) before the temporary snapshot is made and removed after it
 * is gone. A clone is three changes of the source's chain and the share — the snapshot
 * {@code tmp-snap-<new id>} created, the new volume written under a temporary name and renamed,
 * the snapshot dropped — and a kill between them leaves a snapshot on the source and a half-made
 * file of the new volume. The journal tells a later operation which {@code tmp-snap-} belongs to
 * which interrupted clone and which new volume's temporary files to remove; that roll-back is
 * made only while the source's info file and chain are still what the journal recorded (with or
 * without the temporary snapshot on top). Python Cinder ignores the file.
 */
public final class CloneJournal {
    private static final String OPERATION = "clone_volume";
    /** Where the clone writes its new file: the temporary names of this purpose are the clone's. */
    public static final String COPY_PURPOSE = "copy";

    private final JournalFile file;

    /** Reads and writes on the caller's thread, without a deadline. */
    public CloneJournal(ObjectMapper mapper) {
        this(mapper, ShareCalls.unbounded());
    }

    /** @param calls bounds each read and write by the share's deadline ({@code share_io_timeout}) */
    public CloneJournal(ObjectMapper mapper, ShareCalls calls) {
        this(() -> mapper, calls);
    }

    /** @param mapper made when a journal is first read or written (the wiring's) */
    public CloneJournal(Supplier<ObjectMapper> mapper, ShareCalls calls) {
        this.file = new JournalFile(mapper, calls);
    }

    /**
     * A recorded clone.
     *
     * @param snapshotId   the temporary snapshot, {@code tmp-snap-<new volume id>}
     * @param snapshotFile its overlay on the source
     * @param targetFile   the new volume's file, beside the source's (its temporary files are
     *                     {@code <targetFile>.tmp-copy-<random>})
     * @param infoBefore   the source's info file when the clone began (empty when it had none)
     * @param chain        the source's chain's file names when the clone began, active first
     */
    public record Entry(String snapshotId, String snapshotFile, String targetFile, Map<String, String> infoBefore,
                        List<String> chain) {
    }

    /** How a journal relates to the source as it is now. */
    public enum Match {
        /**
         * The source is as before the clone, the temporary snapshot not recorded: only the journal
         * and temporary files go.
         */
        BEFORE,
        /** The temporary snapshot is the source's active image on the recorded chain: it is dropped first. */
        SNAPSHOT_ON_TOP,
        /** Neither: someone else changed the source since; report, never replay. */
        STALE
    }

    /** Records the clone's intent atomically; the clone's first step runs only after this returns. */
    public void record(Path directory, VolumeNames names, Entry entry, Consumer<Path> permit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operation", OPERATION);
        json.put("snapshot_id", entry.snapshotId());
        json.put("snapshot_file", entry.snapshotFile());
        json.put("target_file", entry.targetFile());
        json.put("info_before", entry.infoBefore());
        json.put("chain", entry.chain());
        file.write(directory.resolve(names.cloneJournal()), json, names.base(), permit);
    }

    /**
     * The clone journal of the volume, if any.
     *
     * @throws RemoteFsException {@code INVALID_VOLUME} when it is not a journal this driver wrote
     */
    public Optional<Entry> read(Path directory, VolumeNames names) {
        Path path = directory.resolve(names.cloneJournal());
        return file.read(path).map(json -> {
            if (!OPERATION.equals(json.get("operation"))) {
                throw JournalFile.corrupt(path, "it records no clone");
            }
            return new Entry(JournalFile.text(path, json, "snapshot_id"), JournalFile.text(path, json, "snapshot_file"),
                    JournalFile.text(path, json, "target_file"), JournalFile.strings(path, json, "info_before"),
                    JournalFile.names(path, json, "chain"));
        });
    }

    /** Removes the journal: the clone is complete, or rolled back. */
    public void clear(Path directory, VolumeNames names) {
        file.clear(directory.resolve(names.cloneJournal()));
    }

    /**
     * Whether the journal still describes the source: its records but the temporary snapshot
     * as before, and either no temporary snapshot on the recorded chain ({@link Match#BEFORE}) or
     * the temporary snapshot as the active image on top of it ({@link Match#SNAPSHOT_ON_TOP}).
     * A source with no info file before the clone counts its base as active.
     *
     * @param base the source's base file name (active when an info file names none)
     */
    public static Match match(Entry entry, Map<String, String> info, List<String> chain, String base) {
        if (!ownTarget(entry)) {
            return Match.STALE;
        }
        Map<String, String> before = withActive(entry.infoBefore(), base);
        Map<String, String> now = withActive(info, base);
        if (now.equals(before) && chain.equals(entry.chain())) {
            return Match.BEFORE;
        }
        Map<String, String> withSnapshot = new LinkedHashMap<>(before);
        withSnapshot.put(entry.snapshotId(), entry.snapshotFile());
        withSnapshot.put(InfoFile.ACTIVE, entry.snapshotFile());
        List<String> onTop = new ArrayList<>();
        onTop.add(entry.snapshotFile());
        onTop.addAll(entry.chain());
        return now.equals(withSnapshot) && chain.equals(onTop) ? Match.SNAPSHOT_ON_TOP : Match.STALE;
    }

    /**
     * A clone names its new volume by the temporary snapshot's id ({@code tmp-snap-<new id>}):
     * a journal that names any other file is not what a clone wrote, and nothing of it is removed.
     */
    static boolean ownTarget(Entry entry) {
        String id = entry.snapshotId().startsWith(Snapshot.TEMPORARY_PREFIX)
                ? entry.snapshotId().substring(Snapshot.TEMPORARY_PREFIX.length()) : "";
        return id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                && entry.targetFile().matches("volume-" + id + "(?:\\.[a-z0-9]+)?");
    }

    private static Map<String, String> withActive(Map<String, String> info, String base) {
        Map<String, String> complete = new LinkedHashMap<>(info);
        complete.putIfAbsent(InfoFile.ACTIVE, base);
        return complete;
    }
}
