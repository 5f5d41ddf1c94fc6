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
import org.remotefs.core.volume.VirtualSizes;
import org.remotefs.core.volume.VolumeFormat;

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
 * it, is the one its name tells ({@code volume-<id>.vhdx}), else the volume's
 * {@code admin_metadata['format']}; only when that is unknown too is the header probed — and a
 * probed header goes through the same checks. A VHD or VHDX base is sized by qemu
 * ({@link VirtualSizes}); every other image in-process.
 */
@Singleton
public final class ChainWalker {
    private static final int MAX_CHAIN = 1000;

    private final ImageHeaderReader headers;
    private final BackingFileCheck backingFileCheck;
    private final VirtualSizes sizes;

    /**
     * A walker for chains of raw and qcow2 images only (tests, listings of plain backends): a VHD
     * or VHDX base, which only qemu sizes, is refused with {@code UNSUPPORTED}.
     */
    public ChainWalker(ImageHeaderReader headers, BackingFileCheck backingFileCheck) {
        this(headers, backingFileCheck, null);
    }

    @Inject
    public ChainWalker(ImageHeaderReader headers, BackingFileCheck backingFileCheck, VirtualSizes sizes) {
        this.headers = headers;
        this.backingFileCheck = backingFileCheck;
        this.sizes = sizes;
    }

    /**
     * @param directory  the volume's share mount point
     * @param volume     the names of its files
     * @param active     the active image's name (the info file's {@code active}, else the base name)
     * @param baseFormat the base file's format as its name, the volume's record or the backend's
     *                   configuration tells it ({@code raw}, {@code qcow2}, {@code vhd}/{@code vpc},
     *                   {@code vhdx}), or null when nothing does
     * @return the chain, active image first
     * @throws RemoteFsException {@link ErrorCode#INVALID_BACKING_FILE}, {@link ErrorCode#IMAGE_UNACCEPTABLE},
     *         {@link ErrorCode#INVALID_VOLUME} for a missing image, a loop or an overlay that is not qcow2
     */
    public List<ChainLink> walk(Path directory, VolumeNames volume, String active, String baseFormat) {
        return walk(directory, volume, active, baseFormat, false);
    }

    /** {@link #walk(Path, VolumeNames, String, String)} for a volume of plain names ({@code volume-<id>}). */
    public List<ChainLink> walk(Path directory, String volumeName, String active, String baseFormat) {
        return walk(directory, VolumeNames.plain(volumeName), active, baseFormat, false);
    }

    /**
     * The chain as far as it reads and checks, active image first, with no error: for listings,
     * where one damaged volume must not hide the others. It stops before the first image that is
     * missing, unreadable, foreign or forged — the same checks {@link #walk} fails on.
     */
    public List<ChainLink> walkLeniently(Path directory, VolumeNames volume, String active, String baseFormat) {
        return walk(directory, volume, active, baseFormat, true);
    }

    private List<ChainLink> walk(Path directory, VolumeNames volume, String active, String baseFormat, boolean lenient) {
        List<ChainLink> chain = new ArrayList<>();
        try {
            // the whole walk is one call on the share, bounded by its deadline (the header reads
            // inside it run on the same thread)
            return headers.calls().call(directory, () -> walkInto(chain, directory, volume, active, baseFormat));
        } catch (java.io.IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot walk the chain of " + volume.base() + " in "
                    + directory + ": " + e, Map.of("file", volume.base()), e);
        } catch (RemoteFsException e) {
            // a share that stopped answering is no damaged volume: the caller skips the share
            if (lenient && e.code() != ErrorCode.SHARE_UNAVAILABLE) {
                return chain;
            }
            throw e;
        }
    }

    private List<ChainLink> walkInto(List<ChainLink> chain, Path directory, VolumeNames volume, String active,
                                     String baseFormat) {
        Set<String> seen = new HashSet<>();
        String volumeName = volume.base();
        String name = backingFileCheck.check(directory.resolve(volume.info()), active, volume, directory);
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
                    .map(b -> backingFileCheck.check(path, b, volume, directory));
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
        // only a format its name or record tells is sized by qemu: a probed VHD header is never
        // taken for a volume's format (it could be what a guest wrote into a raw disk)
        if (format == null || header.virtualSize() >= 0) {
            return header;
        }
        if (sizes == null) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED, "image " + path + " is " + format.qemuName()
                    + ", which this walker cannot size", Map.of("file", path.toString()));
        }
        return sizes.sized(path, header);
    }

    private static ImageFormat known(String format) {
        return format == null ? null : recorded(format);
    }

    private static ImageFormat recorded(String format) {
        return VolumeFormat.named(format).map(VolumeFormat::imageFormat)
                .orElseThrow(() -> new RemoteFsException(ErrorCode.INVALID_VOLUME,
                        "format '" + format + "' is not a volume format (raw, qcow2, vhd, vhdx)", Map.of("format", format)));
    }
}
