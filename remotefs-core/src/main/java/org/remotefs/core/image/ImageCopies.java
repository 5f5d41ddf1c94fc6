package org.remotefs.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.ImageService;
import org.remotefs.api.spi.ProgressListener;
import org.remotefs.core.host.OperationProgress;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.snapshot.SnapshotChains;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.FormatConversion;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.VirtualSizes;
import org.remotefs.core.volume.VolumeFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.QemuImg;
import org.remotefs.core.volume.TemporaryNames;
import org.remotefs.core.volume.VolumeFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's {@code copy_image_to_volume} and {@code copy_volume_to_image}. An image is downloaded
 * into a fresh private directory (a {@link ConversionDirectory}, removed when the copy ends), its
 * header checked in-process (no backing file, no external data file, the format it claims, a size
 * that fits), converted with explicit formats into a temporary file beside the volume, grown to
 * the volume's size and renamed over the volume's file: the volume is never half-written. Cinder
 * converts to raw whatever the backend makes and runs {@code qemu-img resize} without {@code -f};
 * here the volume keeps its backend's format.
 */
public final class ImageCopies {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCopies.class);
    private static final long GIB = 1L << 30;
    private static final Set<ImageFormat> ACCEPTED = Set.of(ImageFormat.RAW, ImageFormat.QCOW2, ImageFormat.VPC,
            ImageFormat.VHDX);

    private final SnapshotChains chains;
    private final QemuImg qemuImg;
    private final ImageHeaderReader headers;
    private final FileOperations fileOperations;
    private final VolumeFiles volumeFiles;
    private final ConversionDirectories conversions;
    private final FormatConversion conversion;
    private final VirtualSizes sizes;
    private final OperationProgress progress;

    public ImageCopies(SnapshotChains chains, QemuImg qemuImg, ImageHeaderReader headers, FileOperations fileOperations,
                       VolumeFiles volumeFiles, ConversionDirectories conversions, FormatConversion conversion,
                       VirtualSizes sizes) {
        this(chains, qemuImg, headers, fileOperations, volumeFiles, conversions, conversion, sizes,
                OperationProgress.none());
    }

    /** @param progress told the bytes of downloads and uploads; gives them and the conversions a half each */
    public ImageCopies(SnapshotChains chains, QemuImg qemuImg, ImageHeaderReader headers, FileOperations fileOperations,
                       VolumeFiles volumeFiles, ConversionDirectories conversions, FormatConversion conversion,
                       VirtualSizes sizes, OperationProgress progress) {
        this.progress = progress;
        this.chains = chains;
        this.qemuImg = qemuImg;
        this.headers = headers;
        this.fileOperations = fileOperations;
        this.volumeFiles = volumeFiles;
        this.conversions = conversions;
        this.conversion = conversion;
        this.sizes = sizes;
    }

    /**
     * Checks {@code image_conversion_dir} (at setup; every copy checks it again); changes nothing.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_CONFIGURATION_VALUE} when it is unusable
     */
    public void checkConversionDirectory() {
        conversions.check();
    }

    /** Cinder's {@code copy_image_to_volume}: the image's content replaces the volume's file, renamed over it. */
    public void imageToVolume(Volume volume, ImageRef image, ImageService service, FileSecurity security) {
        var state = chains.state(volume);
        if (state.chain().size() > 1) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "volume " + volume.id() + " has snapshots: an image would be written under them",
                    Map.of("volume_id", volume.id()));
        }
        ChainLink base = state.chain().get(0);
        VolumeFormat format = VolumeFormat.of(base.format()).orElse(VolumeFormat.RAW);
        ImageMetadata metadata = service.show(image.id());
        try (ConversionDirectory directory = conversions.create()) {
            copyIn(volume, image, metadata, base.path(), format, directory, service, security, converted -> {
                fileOperations.copyMode(base.path(), converted);
                Files.move(converted, base.path(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            });
        }
    }

    /**
     * Cinder's {@code clone_image}: a new volume made with the image's content in one step, at
     * {@code target} (which must not exist). Until the copy is complete and checked it has a
     * temporary name, so no empty or half-written volume is ever listed.
     *
     * @param format the new volume's format
     */
    public void imageToNewVolume(Volume volume, ImageRef image, ImageService service, Path target,
                                 VolumeFormat format, FileSecurity security) {
        ImageMetadata metadata = service.show(image.id());
        try (ConversionDirectory directory = conversions.create()) {
            copyIn(volume, image, metadata, target, format, directory, service, security, converted -> {
                volumeFiles.setPermissions(converted, security);
                fileOperations.publish(converted, target, security.asRoot());
            });
        }
    }

    /** Gives the complete, checked copy its final name. */
    private interface Publication {
        void publish(Path converted) throws IOException;
    }

    private void copyIn(Volume volume, ImageRef image, ImageMetadata metadata, Path target, VolumeFormat volumeFormat,
                        ConversionDirectory directory, ImageService service, FileSecurity security,
                        Publication publication) {
        Path download = directory.resolve("image");
        Path converted = target.resolveSibling(TemporaryNames.of(target.getFileName().toString(), "image"));
        try {
            // the service creates the file with its own mode; the 0700 directory keeps others out meanwhile
            try (OperationProgress.Part half = progress.part(0, 50)) {
                service.download(image.id(), download, logging("download of image " + image.id()));
            }
            directory.ownerOnly(download);
            ImageFormat format = check(image.id(), metadata, download, volume);
            ImageFormat formatOfVolume = volumeFormat.imageFormat();
            long wanted = volume.size() * GIB;
            try (OperationProgress.Part half = progress.part(50, 100)) {
                if (volumeFormat.resizableInPlace()) {
                    qemuImg.convert(download, format, converted, formatOfVolume, security.asRoot());
                    if (headers.read(converted).virtualSize() < wanted || formatOfVolume == ImageFormat.RAW) {
                        qemuImg.resize(converted, formatOfVolume, wanted, security.asRoot());
                    }
                } else {
                    // vhd, vhdx: through a raw copy at the volume's size (the image's own size is
                    // checked against it above)
                    conversion.write(download, format, -1, converted, volumeFormat, wanted, security.asRoot());
                }
            }
            long size = formatOfVolume == ImageFormat.RAW ? Files.size(converted)
                    : sizes.sized(converted, headers.read(converted)).virtualSize();
            if (size != wanted) {
                throw unacceptable(image.id(), "its converted size " + size + " is not the volume's " + wanted + " bytes");
            }
            publication.publish(converted);
            LOG.info("copied image {} into volume {}", image.id(), volume.id());
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot write volume " + volume.id() + ": " + e,
                    Map.of("volume_id", volume.id()), e);
        } finally {
            fileOperations.delete(converted, security.asRoot());
        }
    }

    private ImageFormat check(String imageId, ImageMetadata metadata, Path download, Volume volume) {
        ImageHeader header;
        try {
            header = headers.read(download).requireSafe(download);
        } catch (RemoteFsException e) {
            throw unacceptable(imageId, e.getMessage());
        }
        if (!ACCEPTED.contains(header.format())) {
            throw unacceptable(imageId, "its format " + header.format().qemuName() + " is not accepted");
        }
        if (header.backingFile().isPresent()) {
            throw unacceptable(imageId, "it names a backing file (" + header.backingFile().get() + ")");
        }
        String claimed = metadata.diskFormat();
        if (claimed != null) {
            String expected = claimed.equals("vhd") ? ImageFormat.VPC.qemuName() : claimed;
            if (!expected.equals(header.format().qemuName())) {
                throw unacceptable(imageId, "its disk_format is " + claimed + " but its header says "
                        + header.format().qemuName());
            }
        }
        long virtual = header.virtualSize() >= 0 ? header.virtualSize() : -1;
        if (virtual > volume.size() * GIB) {
            throw unacceptable(imageId, "its virtual size " + virtual + " exceeds the volume's " + volume.size() + " GiB");
        }
        return header.format();
    }

    /**
     * Flattens the volume's chain to a raw file and uploads it as the image's content. The flat
     * file gets the backend's volume mode before the upload: an image service that stores files
     * gives the image the source's permission bits, so the image is no more readable than the
     * volume it came from.
     */
    public void volumeToImage(Volume volume, ImageRef image, ImageService service, FileSecurity security) {
        var state = chains.state(volume);
        ChainLink active = state.chain().get(0);
        try (ConversionDirectory conversion = conversions.create()) {
            Path flattened = conversion.resolve("volume.raw");
            try (OperationProgress.Part half = progress.part(0, 50)) {
                qemuImg.convert(active.path(), active.format(), flattened, ImageFormat.RAW, false);
            }
            // 0660, or ugo+rw on a backend without secure permissions: the 0700 directory keeps
            // other users out of it all the same until it is removed
            volumeFiles.setPermissions(flattened, security);
            try (OperationProgress.Part half = progress.part(50, 100)) {
                service.upload(image.id(), flattened, logging("upload of volume " + volume.id()));
            }
            LOG.info("uploaded volume {} as image {}", volume.id(), image.id());
        }
    }

    /** Logs every tenth of a long copy, and tells the operation's progress every byte count. */
    private ProgressListener logging(String what) {
        ProgressListener tenths = new TenthsProgress(percent -> LOG.info("{}: {}%", what, percent));
        ProgressListener bytes = progress.bytes();
        return (done, total) -> {
            tenths.progress(done, total);
            bytes.progress(done, total);
        };
    }

    private static RemoteFsException unacceptable(String imageId, String why) {
        return new RemoteFsException(ErrorCode.IMAGE_UNACCEPTABLE, "image " + imageId + " is unacceptable: " + why,
                Map.of("image_id", imageId));
    }
}
