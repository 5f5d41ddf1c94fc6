package org.remotefs.core.layout;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Walks a volume's backing chain from its active image down to its base, reading headers
 * in-process (no {@code qemu-img info}, no child process), and checks every image on the way:
 * its header is safe, its backing file is one of the volume's own files, the chain has no loop.
 * Every operation that writes a chain walks it first, so a forged chain is refused before any
 * {@code qemu-img} write.
 *
 * <p>Formats come from what was recorded, not from probing: an overlay is qcow2; a backing file's
 * format is the one its overlay records ({@code -F}); the base file's format, when nothing records
 * it, is the volume's {@code admin_metadata['format']}; only when that is unknown too is the
 * header probed — and a probed header goes through the same checks.
 */
@Singleton
public final class ChainWalker {
    private static final int MAX_CHAIN = 1000;

    private final ImageHeaderReader headers;
    private final BackingFileCheck backingFileCheck;

    @Inject
    public ChainWalker(ImageHeaderReader headers, BackingFileCheck backingFileCheck) {
        this.headers = headers;
        this.backingFileCheck = backingFileCheck;
    }

    /**
     * @param directory  the volume's share mount point
     * @param volumeName its base file name
     * @param active     the active image's name (the info file's {@code active}, else the base name)
     * @param baseFormat the volume's recorded format, or null when unknown
     * @return the chain, active image first
     * @throws RemoteFsException {@link ErrorCode#INVALID_BACKING_FILE}, {@link ErrorCode#IMAGE_UNACCEPTABLE},
     *         {@link ErrorCode#INVALID_VOLUME} for a missing image, a loop or an overlay that is not qcow2
     */
    public List<ChainLink> walk(Path directory, String volumeName, String active, String baseFormat) {
        return walk(directory, volumeName, active, baseFormat, false);
    }

    /**
     * The chain as far as it reads and checks, active image first, with no error: for listings,
     * where one damaged volume must not hide the others. It stops before the first image that is
     * missing, unreadable, foreign or forged — the same checks {@link #walk} fails on.
     */
    public List<ChainLink> walkLeniently(Path directory, String volumeName, String active, String baseFormat) {
        return walk(directory, volumeName, active, baseFormat, true);
    }

    private List<ChainLink> walk(Path directory, String volumeName, String active, String baseFormat, boolean lenient) {
        List<ChainLink> chain = new ArrayList<>();
        try {
            return walkInto(chain, directory, volumeName, active, baseFormat);
        } catch (RemoteFsException e) {
            if (lenient) {
                return chain;
            }
            throw e;
        }
    }

    private List<ChainLink> walkInto(List<ChainLink> chain, Path directory, String volumeName, String active,
                                     String baseFormat) {
        Set<String> seen = new HashSet<>();
        String name = backingFileCheck.check(directory.resolve(volumeName + ".info"), active, volumeName, directory);
        ImageFormat expected = name.equals(volumeName) ? known(baseFormat) : ImageFormat.QCOW2;
        while (true) {
            if (!seen.add(name) || chain.size() >= MAX_CHAIN) {
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                        "the backing chain of " + volumeName + " loops back to " + name, Map.of("file", name));
            }
            Path path = directory.resolve(name);
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                        "image " + name + " of volume " + volumeName + " is missing from " + directory,
                        Map.of("file", path.toString()));
            }
            ImageHeader header = read(path, expected);
            if (!name.equals(volumeName) && header.format() != ImageFormat.QCOW2) {
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                        "snapshot image " + name + " is " + header.format().qemuName() + ", not qcow2",
                        Map.of("file", path.toString()));
            }
            Optional<String> backing = header.backingFile()
                    .map(b -> backingFileCheck.check(path, b, volumeName, directory));
            chain.add(new ChainLink(name, path, header.format(), header, backing));
            if (backing.isEmpty()) {
                return chain;
            }
            name = backing.get();
            expected = header.backingFormat().map(ChainWalker::recorded)
                    .orElse(name.equals(volumeName) ? known(baseFormat) : null);
        }
    }

    /** The header as {@code format} reads it: a raw image is its bytes, whatever they look like. */
    private ImageHeader read(Path path, ImageFormat format) {
        if (format == ImageFormat.RAW) {
            try {
                return ImageHeader.plain(ImageFormat.RAW, Files.size(path));
            } catch (java.io.IOException e) {
                throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot stat " + path + ": " + e,
                        Map.of("file", path.toString()), e);
            }
        }
        ImageHeader header = headers.read(path).requireSafe(path);
        if (format != null && header.format() != format) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "image " + path + " is recorded as " + format.qemuName() + " but is " + header.format().qemuName(),
                    Map.of("file", path.toString()));
        }
        return header;
    }

    private static ImageFormat known(String format) {
        return format == null ? null : recorded(format);
    }

    private static ImageFormat recorded(String format) {
        return switch (format) {
            case "raw" -> ImageFormat.RAW;
            case "qcow2" -> ImageFormat.QCOW2;
            default -> throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "backing format '" + format + "' is neither raw nor qcow2", Map.of("format", format));
        };
    }
}
