package org.remotefs.core.snapshot;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.ShareCalls;
import org.remotefs.core.layout.VolumeNames;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The intent of a snapshot delete, recorded beside the info file ({@code <info file>.journal})
 * before its first {@code qemu-img commit} and removed after its last step. Cinder merges the
 * snapshot's overlay into the image below and only then rewrites the info file: killed in between,
 * the snapshot is still listed while the image that held its data already holds newer data, and a
 * volume made from it silently gets the wrong data. Here that window is recorded: a snapshot
 * named by a journal is never used as a source, and the next operation on the volume (or
 * {@code check --repair}) finishes the delete — only when the info file and the chain are still
 * the ones the journal recorded ({@link #match}); Python Cinder ignores the journal and may have
 * changed the volume since, and a stale journal is reported, never replayed.
 *
 * <p>A volume delete records its intent in the same file ({@link #recordVolumeDelete}): killed
 * while removing the volume's files one by one, it leaves a volume whose info file names files
 * already gone; the journal tells {@code check} that this is a delete to finish, not a broken
 * chain, and every other operation refuses the volume until it is finished.
 */
public final class DeleteJournal {
    private static final String OPERATION = "delete_snapshot";
    private static final String VOLUME_DELETE = "delete_volume";

    private final JournalFile file;

    /** Reads and writes on the caller's thread, without a deadline. */
    public DeleteJournal(ObjectMapper mapper) {
        this(mapper, ShareCalls.unbounded());
    }

    /** @param calls bounds each read and write by the share's deadline ({@code share_io_timeout}) */
    public DeleteJournal(ObjectMapper mapper, ShareCalls calls) {
        this(() -> mapper, calls);
    }

    /** @param mapper made when a journal is first read or written (the wiring's) */
    public DeleteJournal(Supplier<ObjectMapper> mapper, ShareCalls calls) {
        this.file = new JournalFile(mapper, calls);
    }

    /**
     * A recorded snapshot delete.
     *
     * @param snapshotId   the snapshot being deleted
     * @param snapshotFile its overlay, merged into the image below and then removed
     * @param infoBefore   the info file's entries when the delete began
     * @param infoAfter    the entries the delete writes
     * @param chain        the chain's file names when the delete began, active first
     */
    public record Entry(String snapshotId, String snapshotFile, Map<String, String> infoBefore,
                        Map<String, String> infoAfter, List<String> chain) {
    }

    /** How a journal relates to the volume as it is now. */
    public enum Match {
        /** The info file is still the one before the delete: run the delete again (each step is idempotent). */
        REPLAY,
        /** The info file is already the one after it: only the merged file and the journal remain to go. */
        FINISH,
        /** Neither: someone else changed the volume since; report, never replay. */
        STALE
    }

    /** Records the delete's intent atomically; the delete begins only after this returns. */
    public void record(Path directory, VolumeNames names, Entry entry, Consumer<Path> permit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operation", OPERATION);
        json.put("snapshot_id", entry.snapshotId());
        json.put("snapshot_file", entry.snapshotFile());
        json.put("info_before", entry.infoBefore());
        json.put("info_after", entry.infoAfter());
        json.put("chain", entry.chain());
        file.write(directory.resolve(names.journal()), json, names.base(), permit);
    }

    /**
     * Records that the volume's files are about to be deleted, atomically, before the first goes.
     *
     * @param files the volume's files the delete removes (the info file and this journal go last)
     */
    public void recordVolumeDelete(Path directory, VolumeNames names, List<String> files, Consumer<Path> permit) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("operation", VOLUME_DELETE);
        json.put("files", files);
        file.write(directory.resolve(names.journal()), json, names.base(), permit);
    }

    /**
     * The files an interrupted volume delete recorded ({@link #recordVolumeDelete}), when the
     * volume's journal is one; empty for no journal or another one.
     */
    public Optional<List<String>> volumeDelete(Path directory, VolumeNames names) {
        Path path = directory.resolve(names.journal());
        Optional<Map<String, Object>> json;
        try {
            json = file.read(path);
        } catch (RemoteFsException e) {
            if (e.code() == ErrorCode.INVALID_VOLUME) {
                return Optional.empty(); // not a journal of a volume delete: read() reports it
            }
            throw e;
        }
        return json.filter(j -> VOLUME_DELETE.equals(j.get("operation")))
                .map(j -> JournalFile.names(path, j, "files"));
    }

    /**
     * The journal of the volume, if any.
     *
     * @throws RemoteFsException {@code INVALID_VOLUME} when it is not a journal this driver wrote
     */
    public Optional<Entry> read(Path directory, VolumeNames names) {
        Path path = directory.resolve(names.journal());
        return file.read(path).map(json -> {
            if (VOLUME_DELETE.equals(json.get("operation"))) {
                // no operation runs on a volume whose delete began: it may miss any of its files
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME, "the delete of " + names.base() + " was "
                        + "interrupted (its journal " + path + " says so): delete the volume again, or run "
                        + "'remotefs check --repair'", Map.of("file", path.toString()));
            }
            if (!OPERATION.equals(json.get("operation"))) {
                throw JournalFile.corrupt(path, "it records no snapshot delete");
            }
            return new Entry(JournalFile.text(path, json, "snapshot_id"), JournalFile.text(path, json, "snapshot_file"),
                    JournalFile.strings(path, json, "info_before"), JournalFile.strings(path, json, "info_after"),
                    JournalFile.names(path, json, "chain"));
        });
    }

    /** Removes the journal: the delete is complete. */
    public void clear(Path directory, VolumeNames names) {
        file.clear(directory.resolve(names.journal()));
    }

    /**
     * Whether the journal still describes the volume: its info file before the delete with the chain
     * as recorded or with the merged file already re-pointed around ({@link Match#REPLAY}), or its
     * info file after the delete ({@link Match#FINISH}); anything else is {@link Match#STALE}.
     */
    public static Match match(Entry entry, Map<String, String> info, List<String> chain) {
        if (info.equals(entry.infoBefore())) {
            List<String> without = entry.chain().stream().filter(f -> !f.equals(entry.snapshotFile())).toList();
            return chain.equals(entry.chain()) || chain.equals(without) ? Match.REPLAY : Match.STALE;
        }
        return info.equals(entry.infoAfter()) ? Match.FINISH : Match.STALE;
    }
}
