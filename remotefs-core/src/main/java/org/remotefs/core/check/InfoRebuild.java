package org.remotefs.core.check;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Snapshot;
import org.remotefs.core.layout.BackingFileCheck;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.layout.ChainWalker;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;

/**
 * Works out the info file a volume's files prove, for a volume whose info file is missing or
 * unreadable — or says why they prove none. Cinder names the overlay of snapshot S
 * {@code <stem>.<S><extension>} and records {@code S → that file}; so when the chain walked from
 * its one top image down is intact, ends in the volume's base file under its own name, holds
 * every overlay of the volume, and every overlay's name carries a snapshot id (a UUID, or a
 * clone's {@code tmp-snap-<uuid>}), the info file is {@code {id → overlay, "active" → top}}.
 *
 * <p>Never an invented id: anything else is refused with the reason. After Cinder's online
 * delete of the oldest snapshot the base file is gone and the volume lives in an overlay named
 * after a deleted snapshot; names then do not tell the ids. A journal beside the info file (a
 * change of the chain that did not finish) refuses it too. Even a provable chain only tells the
 * ids its names carry: after an online delete of a newest snapshot Cinder records another
 * snapshot against the file named after the deleted one, which no name shows — the operator
 * compares the ids with Cinder's database.
 */
public final class InfoRebuild {
    private static final Pattern SNAPSHOT_ID = Pattern.compile("(?:" + Pattern.quote(Snapshot.TEMPORARY_PREFIX)
            + ")?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ChainWalker walker;
    private final ImageHeaderReader headers;
    private final BackingFileCheck backingFileCheck;

    public InfoRebuild(ChainWalker walker, ImageHeaderReader headers, BackingFileCheck backingFileCheck) {
        this.walker = walker;
        this.headers = headers;
        this.backingFileCheck = backingFileCheck;
    }

    /**
     * What the files prove.
     *
     * @param info the info file they prove, or null
     * @param why  when none, why not
     */
    public record Verdict(Map<String, String> info, String why) {
        static Verdict proven(Map<String, String> info) {
            return new Verdict(Map.copyOf(info), null);
        }

        static Verdict refused(String why) {
            return new Verdict(null, why);
        }

        public boolean provable() {
            return info != null;
        }
    }

    /**
     * @param directory  the share's directory
     * @param names      the volume's names there
     * @param images     the volume's image files there (base and overlays; no info file, journal or
     *                   temporary file)
     * @param baseFormat the base file's format as its name or the backend tells it, or null
     */
    public Verdict rebuild(Path directory, VolumeNames names, List<String> images, String baseFormat) {
        for (String journal : List.of(names.journal(), names.cloneJournal())) {
            if (Files.exists(directory.resolve(journal), LinkOption.NOFOLLOW_LINKS)) {
                return Verdict.refused("the journal " + journal + " records a change of the chain that did not "
                        + "finish: the files are not what a finished operation leaves");
            }
        }
        if (!Files.isRegularFile(directory.resolve(names.base()), LinkOption.NOFOLLOW_LINKS)) {
            return Verdict.refused("the base file " + names.base() + " is absent: after an online delete of the "
                    + "oldest snapshot Cinder leaves the volume in an overlay named after a deleted snapshot, so the "
                    + "file names do not tell the snapshot ids");
        }
        List<String> overlays = images.stream().filter(f -> !f.equals(names.base())).toList();
        if (overlays.isEmpty()) {
            // no snapshot yet: Cinder's own record of such a volume
            return Verdict.proven(Map.of(InfoFile.ACTIVE, names.base()));
        }
        Map<String, String> ids = new LinkedHashMap<>();
        for (String overlay : overlays) {
            Optional<String> id = snapshotIdOf(names, overlay);
            if (id.isEmpty()) {
                return Verdict.refused(overlay + " does not carry a snapshot id (" + names.stem()
                        + ".<snapshot id>" + names.extension() + ", the id a UUID or tmp-snap-<UUID>)");
            }
            ids.put(overlay, id.get());
        }
        Set<String> backings = new HashSet<>();
        for (String image : images) {
            Optional<String> backing;
            try {
                backing = backingOf(directory, names, image);
            } catch (RemoteFsException e) {
                return Verdict.refused("the header of " + image + " does not read or check: " + e.getMessage()
                        + " [" + e.code() + "]");
            }
            backing.ifPresent(backings::add);
        }
        List<String> tops = overlays.stream().filter(o -> !backings.contains(o)).toList();
        if (tops.size() != 1) {
            return Verdict.refused(tops.isEmpty() ? "every overlay is backing another image: the chain has no top"
                    : "images " + tops + " are each on top of a chain: which one is active cannot be proven");
        }
        String top = tops.get(0);
        List<String> chain;
        try {
            chain = walker.walk(directory, names, top, baseFormat).stream().map(ChainLink::fileName).toList();
        } catch (RemoteFsException e) {
            return Verdict.refused("the chain from " + top + " does not read or check: " + e.getMessage() + " ["
                    + e.code() + "]");
        }
        if (!chain.get(chain.size() - 1).equals(names.base())) {
            return Verdict.refused("the chain from " + top + " ends in " + chain.get(chain.size() - 1)
                    + ", not in the base file " + names.base());
        }
        List<String> outside = new ArrayList<>(overlays);
        outside.removeAll(chain);
        if (!outside.isEmpty()) {
            return Verdict.refused(outside + " not in the chain of " + top
                    + ": the chain is not the volume's only one");
        }
        Map<String, String> info = new LinkedHashMap<>();
        ids.forEach((overlay, id) -> info.put(id, overlay));
        info.put(InfoFile.ACTIVE, top);
        return Verdict.proven(info);
    }

    /** The snapshot id an overlay's name carries: {@code <stem>.<id><extension>}, the id Cinder's. */
    static Optional<String> snapshotIdOf(VolumeNames names, String overlay) {
        String prefix = names.stem() + ".";
        if (!overlay.startsWith(prefix) || !overlay.endsWith(names.extension())
                || overlay.length() <= prefix.length() + names.extension().length()) {
            return Optional.empty();
        }
        String id = overlay.substring(prefix.length(), overlay.length() - names.extension().length());
        return SNAPSHOT_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    private Optional<String> backingOf(Path directory, VolumeNames names, String image) {
        if (image.equals(names.base())) {
            // the base's format is its name's or the backend's, never its header's: it backs on nothing
            return Optional.empty();
        }
        Path path = directory.resolve(image);
        ImageHeader header = headers.read(path).requireSafe(path);
        if (header.format() != ImageFormat.QCOW2) {
            return Optional.empty();
        }
        return header.backingFile().map(b -> backingFileCheck.check(path, b, names, directory));
    }
}
