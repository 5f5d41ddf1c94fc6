package org.remotefs.core.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.layout.VolumeNaming;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Shares;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.VirtualSizes;
import org.remotefs.core.volume.VolumeFiles;
import org.remotefs.core.volume.VolumeFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's {@code RemoteFSManageableVolumesMixin}: an image file an operator put on a share,
 * named by {@code {"source-name": "<share>/<path in the share>"}}, becomes a volume — checked, then
 * renamed to the volume's file name under the backend's naming rule ({@code volume-<id>}, or
 * {@code volume-<id>.vhd|.vhdx}). Unmanaging leaves the file as it is.
 *
 * <p>The file's format is read from its header (it is not a volume yet: no configuration says what
 * it is) and must be one the backend offers and its names can tell apart; an image with a backing
 * file (part of a chain), an external data file or unknown qcow2 features is refused, as is a file
 * that already is some volume's, a link, or a path outside the share.
 */
public final class ManagedVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedVolumes.class);
    /** Cinder's key of the existing reference. */
    public static final String SOURCE_NAME = "source-name";
    private static final double GIB = 1L << 30;

    private final Shares shares;
    private final VolumeNaming naming;
    private final ImageHeaderReader headers;
    private final VirtualSizes sizes;
    private final VolumeFiles files;
    private final AllocationTracker allocation;

    public ManagedVolumes(Shares shares, VolumeNaming naming, ImageHeaderReader headers, VirtualSizes sizes,
                          VolumeFiles files, AllocationTracker allocation) {
        this.shares = shares;
        this.naming = naming;
        this.headers = headers;
        this.sizes = sizes;
        this.files = files;
        this.allocation = allocation;
    }

    /** An existing file found and checked. */
    record Candidate(MountedShare share, Path file, VolumeFormat format, long virtualSize) {
    }

    /** {@code manage_existing_get_size}: the file's virtual size in whole GiB, rounded up. */
    public int size(Volume volume, Map<String, String> existingRef) {
        return (int) Math.ceil(find(volume, existingRef).virtualSize() / GIB);
    }

    /**
     * Renames the file to the volume's name on its share (never over an existing file) and gives it
     * the backend's volume mode. For a caller holding the volume's lock, after it checked that no
     * share holds a file of the volume.
     */
    public ModelUpdate manage(Volume volume, Map<String, String> existingRef, FileSecurity security) {
        Candidate candidate = find(volume, existingRef);
        VolumeNaming.NewFile target = naming.forNew(volume.withTypeExtraSpecs(
                Map.of(VolumeNaming.VOLUME_FORMAT_KEY, candidate.format().name())));
        Path destination = candidate.share().mountPoint().resolve(target.names().base());
        try {
            if (!candidate.file().equals(destination)) {
                headers.calls().run(destination, () -> Files.move(candidate.file(), destination));
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot rename " + candidate.file() + " to "
                    + destination + " to manage it as volume " + volume.id() + ": " + e,
                    Map.of("volume_id", volume.id(), "file", candidate.file().toString()), e);
        } finally {
            allocation.invalidate(candidate.share().mountPoint());
        }
        files.setPermissions(destination, security);
        LOG.info("managing {} as volume {} ({}, {} bytes) on {}", candidate.file(), volume.id(),
                candidate.format().name(), candidate.virtualSize(), candidate.share().address());
        return new ModelUpdate(candidate.share().address(), Map.of("format", candidate.format().name()), null);
    }

    /**
     * @throws RemoteFsException {@code INVALID_INPUT} for a reference that names no regular file on
     *         a mounted share, or a file that already is a volume's; {@code IMAGE_UNACCEPTABLE} for
     *         an image that cannot become a volume here; {@code UNSUPPORTED} for a format the
     *         backend does not offer or cannot name apart from its default
     */
    Candidate find(Volume volume, Map<String, String> existingRef) {
        String source = existingRef.get(SOURCE_NAME);
        if (source == null || source.isBlank()) {
            throw invalid(volume, "the existing volume reference must contain \"" + SOURCE_NAME + "\"", existingRef);
        }
        for (MountedShare share : shares.ensureMounted()) {
            String prefix = share.address().endsWith("/") ? share.address() : share.address() + "/";
            if (!source.startsWith(prefix)) {
                continue;
            }
            String relative = source.substring(prefix.length());
            Path file = share.mountPoint().resolve(relative).normalize();
            if (relative.isEmpty() || Path.of(relative).isAbsolute() || List.of(relative.split("/")).contains("..")
                    || !file.startsWith(share.mountPoint())) {
                throw invalid(volume, "'" + source + "' is not a path inside share " + share.address(), existingRef);
            }
            if (!headers.calls().bounded(file, () -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
                throw invalid(volume, "no regular file '" + relative + "' on share " + share.address(), existingRef);
            }
            if (naming.volumeFilePattern().matcher(file.getFileName().toString()).lookingAt()) {
                throw invalid(volume, "'" + relative + "' is a volume's file already", existingRef);
            }
            ImageHeader header = headers.read(file).requireSafe(file);
            if (header.backingFile().isPresent()) {
                throw new RemoteFsException(ErrorCode.IMAGE_UNACCEPTABLE, "volume " + volume.id() + ": " + file
                        + " has a backing file; only an image without snapshots can be managed",
                        Map.of("volume_id", volume.id(), "file", file.toString()));
            }
            VolumeFormat format = VolumeFormat.of(header.format()).orElseThrow(() -> new RemoteFsException(
                    ErrorCode.IMAGE_UNACCEPTABLE, "volume " + volume.id() + ": " + file + " is a "
                            + header.format().qemuName() + " image, which cannot be a volume",
                    Map.of("volume_id", volume.id(), "file", file.toString())));
            naming.requestedFormat(volume).filter(asked -> asked != format).ifPresent(asked -> {
                throw new RemoteFsException(ErrorCode.INVALID_INPUT, "volume " + volume.id() + " asks for a "
                        + asked.name() + " volume, and " + file + " is " + format.name(),
                        Map.of("volume_id", volume.id(), "format", format.name()));
            });
            // offered, and named apart from the backend's default: UNSUPPORTED otherwise
            naming.forNew(volume.withTypeExtraSpecs(Map.of(VolumeNaming.VOLUME_FORMAT_KEY, format.name())));
            long virtualSize = sizes.sized(file, header).virtualSize();
            return new Candidate(share, file, format, virtualSize);
        }
        throw invalid(volume, "'" + source + "' is on no mounted share of this backend", existingRef);
    }

    private static RemoteFsException invalid(Volume volume, String why, Map<String, String> existingRef) {
        return new RemoteFsException(ErrorCode.INVALID_INPUT, "volume " + volume.id() + ": " + why,
                Map.of("volume_id", volume.id(), "existing_ref", String.valueOf(existingRef.get(SOURCE_NAME))));
    }
}
