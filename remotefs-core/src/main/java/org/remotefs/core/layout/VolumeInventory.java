package org.remotefs.core.layout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.TemporaryNames;

/**
 * Finds volumes by their files: the share is the source of truth. A volume is there when its base
 * file {@code volume-<uuid>} or its info file {@code volume-<uuid>.info} is (after an online
 * delete of its oldest snapshot Cinder leaves no base file). Reads headers in-process and follows
 * backing files only to file names of the same volume in the same directory.
 */
public final class VolumeInventory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VolumeInventory.class);
    private static final Pattern VOLUME_FILE = Pattern.compile(
            "volume-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\\.info)?");
    /** Reads of one volume before a result is taken even though its info file kept changing. */
    private static final int MAX_READS = 20;
    /** Reads of one volume before a failure, or a missing active file, under a stable info file is reported. */
    private static final int READS_OF_A_BROKEN_VOLUME = 3;
    private static final double GIB = 1L << 30;

    private final InfoFile infoFile;
    private final ImageHeaderReader headers;
    private final boolean rawBaseFiles;
    private final ChainWalker walker;

    /** An inventory that takes every image for what its header says. */
    public VolumeInventory(InfoFile infoFile, ImageHeaderReader headers) {
        this(infoFile, headers, false);
    }

    /**
     * @param rawBaseFiles the backend writes raw volumes: a base file is raw whatever its first
     *                     bytes say, and as large as its length. Cinder keeps a volume's format in
     *                     its database ({@code admin_metadata['format']}); without one, the
     *                     backend's configured format stands in for it, so that a qcow2 header a
     *                     guest wrote into its raw disk is never taken for the volume's format or
     *                     size (it could claim any size, and a backing file of the host's).
     */
    public VolumeInventory(InfoFile infoFile, ImageHeaderReader headers, boolean rawBaseFiles) {
        this.infoFile = infoFile;
        this.headers = headers;
        this.rawBaseFiles = rawBaseFiles;
        this.walker = new ChainWalker(headers, new BackingFileCheck());
    }

    /** The volume's base file name. */
    public static String fileName(String volumeId) {
        return "volume-" + volumeId;
    }

    /**
     * Every volume on the shares, by share then id. A volume whose files cannot be read (a corrupt
     * info file, a malformed header) is left out with a warning naming it: one damaged volume does
     * not hide the others.
     */
    public List<StoredVolume> list(List<MountedShare> shares) {
        List<StoredVolume> volumes = new ArrayList<>();
        for (MountedShare share : shares) {
            for (String id : volumeIds(share.mountPoint())) {
                try {
                    describe(share, id).ifPresent(volumes::add);
                } catch (RemoteFsException e) {
                    LOG.warn("volume {} on {} cannot be read and is not listed: {} [{}]", id, share.address(),
                            e.getMessage(), e.code().name());
                }
            }
        }
        return volumes;
    }

    /** Whether any share holds the volume. */
    public boolean anyVolume(List<MountedShare> shares) {
        return shares.stream().anyMatch(s -> !volumeIds(s.mountPoint()).isEmpty());
    }

    /** The volume, from the first share that holds it. */
    public Optional<StoredVolume> find(String volumeId, List<MountedShare> shares) {
        for (MountedShare share : shares) {
            if (holds(share.mountPoint(), volumeId)) {
                return describe(share, volumeId);
            }
        }
        return Optional.empty();
    }

    /**
     * The volume's size in GiB when the snapshot was taken — what Cinder records as the snapshot's
     * {@code volume_size}: the virtual size of the image the snapshot's overlay is backed by (an
     * extend after the snapshot grows the overlay, never that image), read as the format the
     * overlay records for it (a raw image's size is its length). Read without the lock; empty
     * when the info file no longer names the snapshot, or its files are gone or unreadable.
     */
    public OptionalInt snapshotSize(StoredVolume volume, String snapshotId) {
        Path dir = Path.of(volume.path()).getParent();
        try {
            Map<String, String> info = infoFile.read(InfoFile.pathOf(dir.resolve(volume.name()))).orElse(Map.of());
            String overlay = info.get(snapshotId);
            if (!belongsTo(overlay, volume.name())) {
                return OptionalInt.empty();
            }
            ImageHeader overlayHeader = headers.read(dir.resolve(overlay));
            Optional<String> backing = overlayHeader.backingFile().filter(name -> belongsTo(name, volume.name()));
            if (backing.isEmpty()) {
                return OptionalInt.empty();
            }
            Path image = dir.resolve(backing.get());
            // the format the overlay records for its backing file, not what that file's first bytes say
            boolean raw = overlayHeader.backingFormat().map("raw"::equals).orElse(false)
                    || (backing.get().equals(volume.name()) && rawBaseFiles);
            return OptionalInt.of(gib(raw ? Files.size(image) : headers.read(image).virtualSize()));
        } catch (RemoteFsException | IOException e) {
            return OptionalInt.empty();
        }
    }

    private static int gib(long bytes) {
        return (int) Math.max(1, Math.ceil(bytes / GIB));
    }

    private static boolean holds(Path dir, String volumeId) {
        Path base = dir.resolve(fileName(volumeId));
        return Files.exists(base, LinkOption.NOFOLLOW_LINKS) || Files.exists(InfoFile.pathOf(base), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The shares holding any file of the volume but temporary ones: its base or info file, or an
     * overlay nothing records (what a lost snapshot left), so that a new volume of that id is
     * never made over files of an old one.
     */
    public List<MountedShare> sharesWithFilesOf(String volumeId, List<MountedShare> shares) {
        return shares.stream().filter(s -> !filesOf(s.mountPoint(), fileName(volumeId)).isEmpty()).toList();
    }

    /** Every file of the volume in the directory — base, info file, overlays — but temporary ones. */
    public static List<String> filesOf(Path directory, String volumeName) {
        return scan(directory, volumeName).files();
    }

    /**
     * The volume's names in the directory, read in one listing: its files (base, info file,
     * overlays) sorted, and its temporary files apart.
     *
     * @throws RemoteFsException {@code SHARE_IO_ERROR} when the directory cannot be listed
     */
    public static VolumeFileNames scan(Path directory, String volumeName) {
        List<String> files = new ArrayList<>();
        List<Path> temporaries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return new VolumeFileNames(files, temporaries);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, volumeName + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.equals(volumeName) && !name.startsWith(volumeName + ".")) {
                    continue;
                }
                if (TemporaryNames.isTemporary(name)) {
                    temporaries.add(entry);
                } else {
                    files.add(name);
                }
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot list " + directory + ": " + e,
                    Map.of("mount_point", directory.toString()), e);
        }
        files.sort(null);
        return new VolumeFileNames(files, temporaries);
    }

    private static Set<String> volumeIds(Path dir) {
        Set<String> ids = new java.util.TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "volume-*")) {
            for (Path entry : entries) {
                Matcher matcher = VOLUME_FILE.matcher(entry.getFileName().toString());
                if (matcher.matches()) {
                    ids.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot list " + dir + ": " + e,
                    Map.of("mount_point", dir.toString()), e);
        }
        return ids;
    }

    /**
     * Reads the volume without its lock, optimistically: another process (or host) may be deleting
     * a snapshot meanwhile, rewriting the info file and removing the file that was active, or
     * rewriting an overlay's header in a rebase. A read is taken when it found the volume whole
     * and the info file was the same before and after it. A read that saw the info file change is
     * done again; so is a read that failed or found no active file, a few times, before that
     * outcome is reported: a reader never reports a volume as missing or broken only because it
     * lost a race with a writer.
     */
    private Optional<StoredVolume> describe(MountedShare share, String volumeId) {
        Path infoPath = InfoFile.pathOf(share.mountPoint().resolve(fileName(volumeId)));
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, String>> before = infoFile.read(infoPath);
            Optional<StoredVolume> found = Optional.empty();
            RemoteFsException failure = null;
            try {
                found = describe(share, volumeId, before.orElse(Map.of()));
            } catch (RemoteFsException e) {
                failure = e;
            }
            boolean stable = unchanged(infoPath, before);
            boolean whole = failure == null && found.isPresent();
            if ((stable && whole) || attempt >= MAX_READS || (stable && attempt >= READS_OF_A_BROKEN_VOLUME)) {
                if (failure != null) {
                    throw failure;
                }
                return found;
            }
        }
    }

    private boolean unchanged(Path infoPath, Optional<Map<String, String>> before) {
        try {
            return infoFile.read(infoPath).equals(before);
        } catch (RemoteFsException e) {
            return false; // unreadable now, though it was read a moment ago: changed, so read again
        }
    }

    private Optional<StoredVolume> describe(MountedShare share, String volumeId, Map<String, String> info) {
        Path dir = share.mountPoint();
        String name = fileName(volumeId);
        Path base = dir.resolve(name);
        String active = info.getOrDefault(InfoFile.ACTIVE, name);
        if (!belongsTo(active, name)) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "info file of volume " + volumeId + " names '" + active + "' as active, not a file of the volume",
                    Map.of("volume_id", volumeId));
        }
        Path activePath = dir.resolve(active);
        if (!Files.isRegularFile(activePath, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        ImageHeader header = baseHeader(active.equals(name), activePath);
        List<String> chain = chain(dir, name, active);
        List<String> snapshots = info.keySet().stream().filter(k -> !InfoFile.ACTIVE.equals(k))
                // oldest first: the deeper a snapshot's file sits in the chain, the older it is
                .sorted(Comparator.comparingInt((String id) -> {
                    int index = chain.indexOf(info.get(id));
                    return index < 0 ? Integer.MAX_VALUE : -index;
                }))
                .toList();
        long virtual = header.virtualSize();
        int size = gib(virtual);
        long bytes = fileBytes(dir, name, info);
        return Optional.of(new StoredVolume(volumeId, name, size, share.address(), activePath.toString(), active,
                header.format().qemuName(), virtual, bytes, snapshots));
    }

    /**
     * File names from the active image down to the base, as far as the chain reads and checks: the
     * snapshot engine's own walk ({@link ChainWalker}), lenient, so a damaged link ends the list
     * instead of failing the listing.
     */
    private List<String> chain(Path dir, String name, String active) {
        List<String> names = walker.walkLeniently(dir, name, active, rawBaseFiles ? "raw" : null).stream()
                .map(ChainLink::fileName).toList();
        return names.isEmpty() ? List.of(active) : names;
    }

    /** The header of an image of the chain; a base file of a raw backend is raw, its length its size. */
    private ImageHeader baseHeader(boolean isBase, Path path) {
        if (isBase && rawBaseFiles) {
            try {
                return ImageHeader.plain(org.remotefs.core.volume.ImageFormat.RAW, Files.size(path));
            } catch (IOException e) {
                throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read the size of " + path + ": " + e,
                        Map.of("file", path.toString()), e);
            }
        }
        return headers.read(path);
    }

    private static long fileBytes(Path dir, String name, Map<String, String> info) {
        Set<String> files = new LinkedHashSet<>();
        files.add(name);
        files.add(name + InfoFile.SUFFIX);
        info.values().stream().filter(v -> belongsTo(v, name)).forEach(files::add);
        long sum = 0;
        for (String file : files) {
            try {
                sum += Files.size(dir.resolve(file));
            } catch (IOException e) {
                // a file named in the info file but gone counts nothing
            }
        }
        return sum;
    }

    /**
     * Whether a file name is one of the volume's images: its base name, or the base name and a
     * dotted suffix; no path, and neither its info file nor a temporary file.
     */
    public static boolean belongsTo(String fileName, String volumeName) {
        return fileName != null && fileName.indexOf('/') < 0 && !fileName.contains("..")
                && (fileName.equals(volumeName) || fileName.startsWith(volumeName + "."))
                && !fileName.equals(volumeName + InfoFile.SUFFIX) && !TemporaryNames.isTemporary(fileName);
    }

    /**
     * Temporary files of the volume (new files being written, info files being replaced, revert and
     * image-copy files): while the volume's lock is held, they are what an interrupted or killed
     * operation left.
     */
    public static List<Path> leftovers(Path directory, String volumeName) {
        try {
            return scan(directory, volumeName).temporaries();
        } catch (RemoteFsException e) {
            // nothing to clean, or nothing we can see: the caller's own deletes report real trouble
            return List.of();
        }
    }
}
