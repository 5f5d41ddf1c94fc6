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
import org.remotefs.core.volume.VolumeFormat;

/**
 * Finds volumes by their files: the share is the source of truth. A volume is there when its base
 * file ({@code volume-<uuid>}, or {@code volume-<uuid>.<ext>} by the backend's {@link VolumeNaming})
 * or its info file ({@code <base>.info}) is (after an online delete of its oldest snapshot Cinder
 * leaves no base file). Reads headers in-process and follows backing files only to file names of
 * the same volume in the same directory.
 */
public final class VolumeInventory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VolumeInventory.class);
    /** Reads of one volume before a result is taken even though its info file kept changing. */
    private static final int MAX_READS = 20;
    /** Reads of one volume before a failure, or a missing active file, under a stable info file is reported. */
    private static final int READS_OF_A_BROKEN_VOLUME = 3;
    private static final double GIB = 1L << 30;

    private final InfoFile infoFile;
    private final ImageHeaderReader headers;
    private final ChainWalker walker;
    private final VolumeNaming naming;
    private final Pattern volumeFile;

    /** An inventory of plain names that takes every image for what its header says. */
    public VolumeInventory(InfoFile infoFile, ImageHeaderReader headers) {
        this(infoFile, headers, new ChainWalker(headers, new BackingFileCheck()), VolumeNaming.plain(VolumeFormat.QCOW2));
    }

    /**
     * @param naming the backend's naming rule. A base file's format is the one its name tells
     *               ({@code .vhdx}); a plain-named one on a backend that writes raw volumes is raw
     *               whatever its first bytes say, and as large as its length. Cinder keeps a
     *               volume's format in its database ({@code admin_metadata['format']}); without
     *               one, the name or the backend's configured format stands in for it, so that a
     *               qcow2 header a guest wrote into its raw disk is never taken for the volume's
     *               format or size (it could claim any size, and a backing file of the host's).
     */
    public VolumeInventory(InfoFile infoFile, ImageHeaderReader headers, ChainWalker walker, VolumeNaming naming) {
        this.infoFile = infoFile;
        this.headers = headers;
        this.walker = walker;
        this.naming = naming;
        this.volumeFile = naming.volumeFilePattern();
    }

    /** The volume's name ({@code volume-<id>}): its base file's name without any extension. */
    public static String fileName(String volumeId) {
        return "volume-" + volumeId;
    }

    /** The names of a stored volume's files. */
    public static VolumeNames namesOf(StoredVolume volume) {
        return new VolumeNames(volume.name(), volume.baseFile().substring(volume.name().length()));
    }

    /**
     * Every volume on the shares, by share then id. A volume whose files cannot be read (a corrupt
     * info file, a malformed header) is left out with a warning naming it: one damaged volume does
     * not hide the others.
     */
    public List<StoredVolume> list(List<MountedShare> shares) {
        List<StoredVolume> volumes = new ArrayList<>();
        for (MountedShare share : shares) {
            List<StoredVolume> onShare = new ArrayList<>();
            try {
                for (String id : volumeIds(share.mountPoint())) {
                    try {
                        describe(share, id).ifPresent(onShare::add);
                    } catch (RemoteFsException e) {
                        if (e.code() == ErrorCode.SHARE_UNAVAILABLE) {
                            throw e;
                        }
                        LOG.warn("volume {} on {} cannot be read and is not listed: {} [{}]", id, share.address(),
                                e.getMessage(), e.code().name());
                    }
                }
            } catch (RemoteFsException e) {
                if (e.code() != ErrorCode.SHARE_UNAVAILABLE) {
                    throw e;
                }
                // a share that stopped answering midway: its volumes are left out, the others listed
                LOG.warn("share {} is skipped: {} [{}]", share.address(), e.getMessage(), e.code().name());
                continue;
            }
            volumes.addAll(onShare);
        }
        return volumes;
    }

    /** Whether any share holds the volume. */
    public boolean anyVolume(List<MountedShare> shares) {
        return shares.stream().anyMatch(s -> !volumeIds(s.mountPoint()).isEmpty());
    }

    /** The names of the volume's files in {@code directory}, by the backend's rule and what is there. */
    public VolumeNames namesIn(Path directory, String volumeName) {
        return naming.existing(directory, volumeName);
    }

    /** The volume, from the first share that holds it. */
    public Optional<StoredVolume> find(String volumeId, List<MountedShare> shares) {
        for (MountedShare share : shares) {
            if (bounded(share.mountPoint(), () -> naming.find(share.mountPoint(), fileName(volumeId))).isPresent()) {
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
        VolumeNames names = namesOf(volume);
        try {
            Map<String, String> info = infoFile.read(dir.resolve(names.info())).orElse(Map.of());
            String overlay = info.get(snapshotId);
            if (!names.owns(overlay)) {
                return OptionalInt.empty();
            }
            ImageHeader overlayHeader = headers.read(dir.resolve(overlay));
            Optional<String> backing = overlayHeader.backingFile().filter(names::owns);
            if (backing.isEmpty()) {
                return OptionalInt.empty();
            }
            Path image = dir.resolve(backing.get());
            // the format the overlay records for its backing file, not what that file's first bytes say
            boolean raw = overlayHeader.backingFormat().map("raw"::equals).orElse(false)
                    || (backing.get().equals(names.base()) && rawBase(names));
            return OptionalInt.of(gib(raw ? Files.size(image) : headers.read(image).virtualSize()));
        } catch (RemoteFsException | IOException e) {
            return OptionalInt.empty();
        }
    }

    private static int gib(long bytes) {
        return (int) Math.max(1, Math.ceil(bytes / GIB));
    }

    /** Whether a plain base file is raw by the backend's configuration. */
    private boolean rawBase(VolumeNames names) {
        return names.extension().isEmpty() ? naming.rawPlainFiles()
                : naming.formatOf(names).map(f -> f == VolumeFormat.RAW).orElse(false);
    }

    /**
     * The shares holding any file of the volume but temporary ones: its base or info file, or an
     * overlay nothing records (what a lost snapshot left), so that a new volume of that id is
     * never made over files of an old one.
     */
    public List<MountedShare> sharesWithFilesOf(String volumeId, List<MountedShare> shares) {
        return shares.stream().filter(s -> !bounded(s.mountPoint(), () -> filesOf(s.mountPoint(), fileName(volumeId)))
                .isEmpty()).toList();
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

    /** A look at a share's directory as one call bounded by the share's deadline. */
    private <T> T bounded(Path directory, org.remotefs.core.share.ShareCalls.IoCall<T> call) {
        try {
            return infoFile.calls().call(directory, call);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read " + directory + ": " + e,
                    Map.of("mount_point", directory.toString()), e);
        }
    }

    private Set<String> volumeIds(Path dir) {
        return bounded(dir, () -> listVolumeIds(dir));
    }

    private Set<String> listVolumeIds(Path dir) {
        Set<String> ids = new java.util.TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "volume-*")) {
            for (Path entry : entries) {
                Matcher matcher = volumeFile.matcher(entry.getFileName().toString());
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
        VolumeNames names = bounded(share.mountPoint(), () -> naming.existing(share.mountPoint(), fileName(volumeId)));
        Path infoPath = share.mountPoint().resolve(names.info());
        for (int attempt = 1; ; attempt++) {
            Optional<Map<String, String>> before = infoFile.read(infoPath);
            Optional<StoredVolume> found = Optional.empty();
            RemoteFsException failure = null;
            try {
                found = describe(share, volumeId, names, before.orElse(Map.of()));
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

    private Optional<StoredVolume> describe(MountedShare share, String volumeId, VolumeNames names,
                                            Map<String, String> info) {
        return bounded(share.mountPoint(), () -> describeNow(share, volumeId, names, info));
    }

    private Optional<StoredVolume> describeNow(MountedShare share, String volumeId, VolumeNames names,
                                               Map<String, String> info) {
        Path dir = share.mountPoint();
        String name = names.base();
        String active = info.getOrDefault(InfoFile.ACTIVE, name);
        if (!names.owns(active)) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "info file of volume " + volumeId + " names '" + active + "' as active, not a file of the volume",
                    Map.of("volume_id", volumeId));
        }
        // every name the record holds, and the base, is a plain file of the volume: never a link
        for (String file : info.values()) {
            if (!names.owns(file) || Files.isSymbolicLink(dir.resolve(file))) {
                throw new RemoteFsException(ErrorCode.INVALID_BACKING_FILE, "info file of volume " + volumeId
                        + " names '" + file + "', which is not a plain file of the volume in the share's directory",
                        Map.of("volume_id", volumeId, "file", file));
            }
        }
        if (Files.isSymbolicLink(dir.resolve(name))) {
            throw new RemoteFsException(ErrorCode.INVALID_BACKING_FILE, "the base file " + name + " of volume "
                    + volumeId + " is a symbolic link", Map.of("volume_id", volumeId, "file", name));
        }
        Path activePath = dir.resolve(active);
        if (!Files.isRegularFile(activePath, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        ImageHeader header = baseHeader(names, active.equals(name), activePath);
        List<ChainLink> links = walker.walkLeniently(dir, names, active, baseFormat(names));
        if (header.virtualSize() < 0 && !links.isEmpty()) {
            // a VHD or VHDX base, which only qemu sizes: the walk, which knows its format by its name, sized it
            header = links.get(0).header();
        }
        List<String> chain = links.isEmpty() ? List.of(active) : links.stream().map(ChainLink::fileName).toList();
        List<String> snapshots = info.keySet().stream().filter(k -> !InfoFile.ACTIVE.equals(k))
                // oldest first: the deeper a snapshot's file sits in the chain, the older it is
                .sorted(Comparator.comparingInt((String id) -> {
                    int index = chain.indexOf(info.get(id));
                    return index < 0 ? Integer.MAX_VALUE : -index;
                }))
                .toList();
        long virtual = header.virtualSize();
        int size = gib(virtual);
        long bytes = fileBytes(dir, names, info);
        // Cinder's name for the format: vhd where qemu says vpc
        String format = VolumeFormat.of(header.format()).map(VolumeFormat::name).orElse(header.format().qemuName());
        return Optional.of(new StoredVolume(volumeId, names.stem(), name, size, share.address(), activePath.toString(),
                active, format, virtual, bytes, snapshots));
    }

    /**
     * The base file's format as its name or the backend's configuration tells it, or null (the
     * header is probed): the chain is then walked as the snapshot engine walks it ({@link ChainWalker}),
     * leniently, so a damaged link ends the chain instead of failing the listing.
     */
    private String baseFormat(VolumeNames names) {
        return naming.formatOf(names).map(VolumeFormat::name).orElse(rawBase(names) ? "raw" : null);
    }

    /** The active image's header when the chain does not read: a raw backend's base is raw, its length its size. */
    private ImageHeader baseHeader(VolumeNames names, boolean isBase, Path path) {
        if (isBase && rawBase(names)) {
            try {
                return ImageHeader.plain(org.remotefs.core.volume.ImageFormat.RAW, Files.size(path));
            } catch (IOException e) {
                throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read the size of " + path + ": " + e,
                        Map.of("file", path.toString()), e);
            }
        }
        return headers.read(path);
    }

    private static long fileBytes(Path dir, VolumeNames names, Map<String, String> info) {
        Set<String> files = new LinkedHashSet<>();
        files.add(names.base());
        files.add(names.info());
        info.values().stream().filter(names::owns).forEach(files::add);
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
