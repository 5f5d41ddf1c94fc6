package org.remotefs.core.check;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.CheckFinding;
import org.remotefs.api.model.FindingCode;
import org.remotefs.api.model.Snapshot;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.layout.ChainWalker;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeFileNames;
import org.remotefs.core.layout.VolumeInventory;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.layout.VolumeNaming;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.snapshot.CloneJournal;
import org.remotefs.core.snapshot.DeleteJournal;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.Qcow2Occupancy;
import org.remotefs.core.volume.TemporaryNames;

/**
 * Compares one volume's info file, its chain as the image headers describe it and its files on
 * the share, and says what is wrong and what {@code --repair} would do about it. Reads only.
 * Cinder has no such check; its operators find these states when an operation fails on them.
 */
public final class VolumeInspector {
    static final String REMOVE_TEMPORARY = "remove it: a temporary file only an operation holding the volume's "
            + "lock writes";
    static final String REMOVE_EMPTY = "remove it: it holds no data";
    static final String QUARANTINE = "move it to " + Quarantine.DIRECTORY + " on the share: it may hold data";
    static final String DROP_CLONE_SNAPSHOT = "drop it when its overlay is the empty active image; otherwise keep it";
    static final String DROP_STALE = "drop it from the info file; move its file to " + Quarantine.DIRECTORY;
    static final String FINISH_DELETE = "finish the snapshot delete the journal records";
    static final String FINISH_VOLUME_DELETE = "finish the volume delete the journal records: remove the files it "
            + "lists, then the info file and the journal";
    static final String NONE_FORCE = "none: 'remotefs volume delete --force' removes the volume by its file names";
    static final String NONE = "none: nothing here is provably safe to change";
    static final String ROLL_BACK_CLONE = "roll the clone back: drop its temporary snapshot while its overlay is the "
            + "empty active image, remove the new volume's temporary files and the journal";
    static final String REBUILD = "write the info file the chain proves (each overlay's snapshot id read from its "
            + "name, the top image active)";
    static final String REBUILD_UNREADABLE = "move the unreadable info file to " + Quarantine.DIRECTORY
            + " and write the info file the chain proves in its place";
    static final String PROVEN = "the chain proves the info file (snapshot ids read from the overlays' names: "
            + "compare them with Cinder's database)";

    private final InfoFile infoFile;
    private final ChainWalker walker;
    private final VolumeNaming naming;
    private final ImageHeaderReader headers;
    private final Qcow2Occupancy occupancy;
    private final DeleteJournal journal;
    private final InfoRebuild rebuild;
    private final CloneJournal cloneJournal;

    public VolumeInspector(InfoFile infoFile, ChainWalker walker, VolumeNaming naming, ImageHeaderReader headers,
                           Qcow2Occupancy occupancy, DeleteJournal journal, CloneJournal cloneJournal,
                           InfoRebuild rebuild) {
        this.cloneJournal = cloneJournal;
        this.rebuild = rebuild;
        this.infoFile = infoFile;
        this.walker = walker;
        this.naming = naming;
        this.headers = headers;
        this.occupancy = occupancy;
        this.journal = journal;
    }

    /** The findings for one volume on one share, in the order their repairs run. */
    public List<CheckFinding> inspect(MountedShare share, String volumeId) {
        Path directory = share.mountPoint();
        String stem = VolumeInventory.fileName(volumeId);
        VolumeNames names = naming.existing(directory, stem);
        VolumeFileNames files = VolumeInventory.scan(directory, stem);
        Findings out = new Findings(share.address(), volumeId);
        for (Path temporary : files.temporaries()) {
            out.add(FindingCode.TEMPORARY_FILE, List.of(temporary.getFileName().toString()),
                    "temporary file of an interrupted operation", REMOVE_TEMPORARY);
        }
        Optional<List<String>> deleting = journal.volumeDelete(directory, names);
        if (deleting.isPresent()) {
            // the volume is going: nothing else about it matters
            List<String> left = new ArrayList<>(files.files());
            left.removeAll(files.temporaries().stream().map(p -> p.getFileName().toString()).toList());
            out.add(FindingCode.INTERRUPTED_VOLUME_DELETE, left, "the delete of the volume stopped before all its"
                    + " files were removed", FINISH_VOLUME_DELETE);
            return out.list();
        }
        if (Files.isSymbolicLink(directory.resolve(names.base()))) {
            out.add(FindingCode.UNSAFE_FILE, List.of(names.base()), "the volume's base file is a symbolic link",
                    NONE_FORCE);
            return out.list();
        }
        List<String> images = images(names, files);
        boolean hasBase = Files.exists(directory.resolve(names.base()), LinkOption.NOFOLLOW_LINKS);
        if (!hasBase && !Files.exists(directory.resolve(names.info()), LinkOption.NOFOLLOW_LINKS)) {
            if (!images.isEmpty()) {
                // overlays with no base and no record: maybe a volume that lives in an overlay
                // after an online delete of its oldest snapshot; nothing here is moved or removed.
                // Its names are those of the extension every overlay carries, if any.
                VolumeNames named = naming.candidates(stem).stream().filter(c -> !c.extension().isEmpty())
                        .filter(c -> images.stream().allMatch(i -> i.endsWith(c.extension()))).findFirst()
                        .orElse(names);
                missing(directory, named, images, out);
            }
            return out.list();
        }
        Optional<Map<String, String>> read;
        try {
            read = infoFile.read(directory.resolve(names.info()));
        } catch (RemoteFsException e) {
            InfoRebuild.Verdict verdict = verdict(directory, names, images);
            out.add(FindingCode.INFO_FILE_UNREADABLE, List.of(names.info()), e.getMessage() + " [" + e.code() + "]"
                    + (verdict.provable() ? "; " + PROVEN : "; not rebuilt: " + verdict.why()),
                    verdict.provable() ? REBUILD_UNREADABLE : NONE_FORCE);
            return out.list();
        }
        if (read.isEmpty() && images.stream().anyMatch(f -> !f.equals(names.base())
                && !clonesOverlay(directory, names, f) && !sweptLeftover(directory, names, images, f))) {
            missing(directory, names, images, out);
            return out.list();
        }
        Map<String, String> info = read.orElse(Map.of());
        if (!unsafeOrMissing(directory, names, info, out)) {
            return out.list();
        }
        String active = info.getOrDefault(InfoFile.ACTIVE, names.base());
        List<String> chain = null;
        try {
            chain = walker.walk(directory, names, active, baseFormat(names)).stream().map(ChainLink::fileName)
                    .toList();
        } catch (RemoteFsException e) {
            out.add(FindingCode.CHAIN_BROKEN, List.of(active), e.getMessage() + " [" + e.code() + "]", NONE);
        }
        Optional<DeleteJournal.Entry> entry = journal(directory, names, info, chain, out);
        Optional<String> cloneSnapshot = cloneJournal(directory, names, info, chain, out);
        if (chain == null) {
            return out.list();
        }
        for (Map.Entry<String, String> snapshot : info.entrySet()) {
            String id = snapshot.getKey();
            if (InfoFile.ACTIVE.equals(id) || entry.filter(e -> e.snapshotId().equals(id)).isPresent()
                    || cloneSnapshot.filter(id::equals).isPresent()) {
                continue;
            }
            if (id.startsWith(Snapshot.TEMPORARY_PREFIX)) {
                out.add(FindingCode.CLONE_TEMPORARY_SNAPSHOT, List.of(snapshot.getValue()), "snapshot " + id
                        + " of an interrupted clone is recorded on the volume", DROP_CLONE_SNAPSHOT);
            } else if (!chain.contains(snapshot.getValue())) {
                out.add(FindingCode.SNAPSHOT_NOT_IN_CHAIN, List.of(snapshot.getValue()), "snapshot " + id
                        + " names " + snapshot.getValue() + ", which is not in the chain of the active image "
                        + active, DROP_STALE);
            }
        }
        for (String image : images) {
            if (!chain.contains(image) && !image.equals(names.base())
                    && backingOf(directory.resolve(image)).filter(active::equals).isPresent()
                    && info.containsValue(image)) {
                out.add(FindingCode.ACTIVE_NOT_ON_TOP, List.of(active, image), image
                        + " is recorded and backed by the active image " + active + ": active is not on top", NONE);
            }
        }
        orphans(directory, names, images, info, chain, entry, out);
        return out.list();
    }

    /** The volume's images on the share: its files but the info file and the journal. */
    private static List<String> images(VolumeNames names, VolumeFileNames files) {
        List<String> images = new ArrayList<>(files.files());
        images.removeIf(names::isRecord);
        return images;
    }

    /**
     * Overlays and no info file: rebuilt when the chain proves it ({@link InfoRebuild}), else kept
     * as they are with the reason.
     */
    private void missing(Path directory, VolumeNames names, List<String> images, Findings out) {
        InfoRebuild.Verdict verdict = verdict(directory, names, images);
        List<String> listed = new ArrayList<>();
        listed.add(names.info());
        listed.addAll(images);
        out.add(FindingCode.INFO_FILE_MISSING, listed, "the volume has overlays but no info file; "
                + (verdict.provable() ? PROVEN : "not rebuilt: " + verdict.why()), verdict.provable() ? REBUILD : NONE);
    }

    /**
     * Whether an unrecorded overlay is what the next operation's leftover sweep removes: backed by
     * one of the volume's files, backing nothing, and never written to — a snapshot create killed
     * before its info file recorded it. Check agrees with that sweep (an orphan it removes) rather
     * than rebuilding an info file that would record the snapshot the create never finished.
     */
    private boolean sweptLeftover(Path directory, VolumeNames names, List<String> images, String file) {
        Path path = directory.resolve(file);
        boolean backed = images.stream().filter(o -> !o.equals(file))
                .anyMatch(o -> backingOf(directory.resolve(o)).filter(file::equals).isPresent());
        return !backed && backingOf(path).filter(names::owns).isPresent() && occupancy.isEmptyOverlay(path);
    }

    /**
     * Whether an overlay is the temporary snapshot a clone journal names: a clone of a volume with
     * no snapshot, killed before the info file recorded it, leaves no info file and that overlay
     * (the journal's roll-back and the orphan rule take care of it).
     */
    private boolean clonesOverlay(Path directory, VolumeNames names, String file) {
        try {
            return cloneJournal.read(directory, names).filter(e -> e.snapshotFile().equals(file)).isPresent();
        } catch (RemoteFsException e) {
            return false;
        }
    }

    private InfoRebuild.Verdict verdict(Path directory, VolumeNames names, List<String> images) {
        return rebuild.rebuild(directory, names, images, baseFormat(names));
    }

    /** Images of the volume that nothing records and that are not in the chain. */
    private void orphans(Path directory, VolumeNames names, List<String> images, Map<String, String> info,
                         List<String> chain, Optional<DeleteJournal.Entry> entry, Findings out) {
        for (String image : images) {
            if (info.containsValue(image) || chain.contains(image) || image.equals(names.base())
                    || entry.filter(e -> e.snapshotFile().equals(image)).isPresent()) {
                continue;
            }
            Path path = directory.resolve(image);
            boolean backed = images.stream().filter(o -> !o.equals(image))
                    .anyMatch(o -> backingOf(directory.resolve(o)).filter(image::equals).isPresent());
            boolean empty = backingOf(path).filter(names::owns).isPresent() && occupancy.isEmptyOverlay(path);
            out.add(FindingCode.ORPHAN_OVERLAY, List.of(image), "no info file records " + image
                    + (backed ? ", and another unrecorded image is backed by it" : ", and nothing is backed by it"),
                    backed ? NONE : empty ? REMOVE_EMPTY : QUARANTINE);
        }
    }

    /**
     * Every name the info file holds must be a plain file of this volume in the share's directory:
     * no path, no other volume's file, no link. Returns whether the chain can be walked.
     */
    private boolean unsafeOrMissing(Path directory, VolumeNames names, Map<String, String> info, Findings out) {
        boolean safe = true;
        Set<String> reported = new TreeSet<>();
        for (Map.Entry<String, String> e : info.entrySet()) {
            String file = e.getValue();
            if (!names.owns(file) || Files.isSymbolicLink(directory.resolve(file))) {
                out.add(FindingCode.UNSAFE_FILE, List.of(file), "info file entry '" + e.getKey() + "' names '" + file
                        + "', which is not a plain file of the volume in the share's directory", NONE_FORCE);
                safe = false;
            } else if (!Files.exists(directory.resolve(file), LinkOption.NOFOLLOW_LINKS) && reported.add(file)) {
                out.add(FindingCode.FILE_MISSING, List.of(file), "info file entry '" + e.getKey() + "' names "
                        + file + ", which is not on the share", NONE);
            }
        }
        return safe;
    }

    private Optional<DeleteJournal.Entry> journal(Path directory, VolumeNames names, Map<String, String> info,
                                                  List<String> chain, Findings out) {
        Optional<DeleteJournal.Entry> entry;
        try {
            entry = journal.read(directory, names);
        } catch (RemoteFsException e) {
            out.add(FindingCode.STALE_JOURNAL, List.of(names.journal()), e.getMessage(), NONE);
            return Optional.empty();
        }
        entry.ifPresent(e -> {
            DeleteJournal.Match match = chain == null ? DeleteJournal.Match.STALE
                    : DeleteJournal.match(e, info, chain);
            if (match == DeleteJournal.Match.STALE) {
                out.add(FindingCode.STALE_JOURNAL, List.of(names.journal(), e.snapshotFile()), "the journal records a "
                        + "delete of snapshot " + e.snapshotId() + ", but the info file and chain are no longer "
                        + "what it recorded (another writer changed them): it is not replayed", NONE);
            } else {
                out.add(FindingCode.INTERRUPTED_SNAPSHOT_DELETE, List.of(names.journal(), e.snapshotFile()),
                        // a delete whose qemu-img failed (rather than was killed) also stops here,
                        // before or after its merge ran: the journal cannot tell which
                        "the delete of snapshot " + e.snapshotId() + " stopped "
                                + (match == DeleteJournal.Match.REPLAY
                                        ? "after it recorded its intent and before the info file was updated (its "
                                                + "merge may have run, in part or in full)"
                                        : "after its data was merged and the info file was updated"),
                        FINISH_DELETE);
            }
        });
        return entry;
    }

    /**
     * The clone journal's finding: an interrupted clone to roll back, or a stale journal.
     *
     * @return the temporary snapshot the roll-back takes care of, if any
     */
    private Optional<String> cloneJournal(Path directory, VolumeNames names, Map<String, String> info,
                                          List<String> chain, Findings out) {
        Optional<CloneJournal.Entry> entry;
        try {
            entry = cloneJournal.read(directory, names);
        } catch (RemoteFsException e) {
            out.add(FindingCode.STALE_JOURNAL, List.of(names.cloneJournal()), e.getMessage(), NONE);
            return Optional.empty();
        }
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        CloneJournal.Entry e = entry.get();
        CloneJournal.Match match = chain == null ? CloneJournal.Match.STALE
                : CloneJournal.match(e, info, chain, names.base());
        if (match == CloneJournal.Match.STALE) {
            out.add(FindingCode.STALE_JOURNAL, List.of(names.cloneJournal()), "the journal records a clone into "
                    + e.targetFile() + " through snapshot " + e.snapshotId() + ", but the info file and chain are no "
                    + "longer what it recorded (another writer changed them): it is not replayed", NONE);
            return Optional.empty();
        }
        List<String> copies = VolumeInventory.scan(directory, e.targetFile()).temporaries().stream()
                .map(p -> p.getFileName().toString())
                .filter(n -> n.startsWith(e.targetFile() + TemporaryNames.MARK + CloneJournal.COPY_PURPOSE + "-"))
                .toList();
        List<String> files = new ArrayList<>(List.of(names.cloneJournal()));
        if (match == CloneJournal.Match.SNAPSHOT_ON_TOP) {
            files.add(e.snapshotFile());
        }
        files.addAll(copies);
        out.add(FindingCode.INTERRUPTED_CLONE, files, "a clone into " + e.targetFile() + " stopped "
                + (match == CloneJournal.Match.SNAPSHOT_ON_TOP ? "with its temporary snapshot " + e.snapshotId()
                        + " on the volume" : "before its temporary snapshot was recorded or after it was dropped")
                + (copies.isEmpty() ? "; the new volume has no temporary file" : "; the new volume's temporary files: "
                        + copies), ROLL_BACK_CLONE);
        return Optional.of(e.snapshotId());
    }

    private String baseFormat(VolumeNames names) {
        return naming.knownBaseFormat(names);
    }

    private Optional<String> backingOf(Path path) {
        try {
            ImageHeader header = headers.read(path);
            return header.format() == ImageFormat.QCOW2 ? header.backingFile() : Optional.empty();
        } catch (RemoteFsException e) {
            return Optional.empty();
        }
    }

    /** The findings of one volume, collected. */
    private static final class Findings {
        private final String share;
        private final String volumeId;
        private final List<CheckFinding> list = new ArrayList<>();

        Findings(String share, String volumeId) {
            this.share = share;
            this.volumeId = volumeId;
        }

        void add(FindingCode code, List<String> files, String message, String repair) {
            list.add(new CheckFinding(code, volumeId, share, files, message, repair, null));
        }

        List<CheckFinding> list() {
            return List.copyOf(list);
        }
    }
}
