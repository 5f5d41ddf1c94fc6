package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/**
 * Copies between the image service the TCK hands the driver and volumes: an image becomes the
 * volume's content at the volume's size; an image that does not fit, or is no image, is refused
 * and changes nothing; a volume (with snapshots, when the backend has them) uploads its current
 * data as one flat raw image and stays as it was.
 */
@RemoteFsContract
class ImageCopyContract {
    private static final long GIB = 1L << 30;

    /** An image in the TCK's image service: a qcow2 file of {@code size} with patterns at MiB 0 and 2. */
    private static String qcow2Image(Tck tck, String size) throws Exception {
        String id = "tck-" + UUID.randomUUID();
        Path file = tck.imageDirectory().resolve(id);
        QemuTools.run("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), size);
        QemuTools.write(file, "qcow2", 0x71, 0);
        QemuTools.write(file, "qcow2", 0x72, 2);
        return id;
    }

    @Test
    @Requires(Capability.IMAGE_COPY)
    void anImageBecomesTheVolumesContentAtTheVolumesSize(Tck tck) throws Exception {
        String image = qcow2Image(tck, "64M");
        Volume volume = tck.newVolume(1);
        String format = tck.activeFormat(volume);

        tck.driver().copyImageToVolume(volume, new ImageRef(image, null, null));

        assertThat(tck.mismatch(volume, 0x71, 0, 0x72)).isNull();
        var written = QemuTools.info(tck.activePath(volume));
        assertThat(written.path("virtual-size").asLong()).as("virtual size after the copy").isEqualTo(GIB);
        assertThat(written.path("format").asText()).as("the volume keeps its format").isEqualTo(format);
        assertThat(written.has("backing-filename")).as("no backing file from the image").isFalse();
        assertThat(tck.stored(volume).snapshotIds()).isEmpty();
    }

    @Test
    @Requires(Capability.IMAGE_COPY)
    void imagesThatDoNotFitOrAreNoImagesAreRefusedAndChangeNothing(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        tck.write(volume, 0x73, 0);
        String larger = qcow2Image(tck, "2G");
        String backed = "tck-" + UUID.randomUUID();
        // an image naming a backing file would read a file of the host's choosing
        QemuTools.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw",
                tck.imageDirectory().resolve(backed).toString(), "64M");
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().copyImageToVolume(volume, new ImageRef(larger, null, null))))
                .as("an image larger than the volume").isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
        assertThat(Tck.codeOf(() -> tck.driver().copyImageToVolume(volume, new ImageRef(backed, null, null))))
                .as("an image with a backing file").isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
        assertThat(tck.listing()).as("the shares after refused copies").isEqualTo(before);
        assertThat(tck.mismatch(volume, 0x73)).isNull();
    }

    @Test
    @Requires(Capability.IMAGE_COPY)
    void aVolumeUploadsItsCurrentDataAsOneFlatImage(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        tck.write(volume, 0x74, 0);
        if (tck.declares(Capability.SNAPSHOTS)) {
            // the current data is spread over the chain: the upload must flatten it
            tck.snapshot(volume);
            tck.write(volume, 0x75, 1);
            tck.snapshot(volume);
        } else {
            tck.write(volume, 0x75, 1);
        }
        tck.write(volume, 0x76, 2);
        var before = tck.listing();
        ImageMetadata image = tck.images().create("tck-upload", "raw");

        tck.driver().copyVolumeToImage(volume, image.ref());

        Path uploaded = tck.imageDirectory().resolve(image.id());
        assertThat(uploaded).isRegularFile();
        var info = QemuTools.info(uploaded);
        assertThat(info.path("format").asText()).isEqualTo("raw");
        assertThat(info.path("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(Files.size(uploaded)).isEqualTo(GIB);
        assertThat(QemuTools.mismatch(uploaded, "raw", 0x74, 0x75, 0x76)).isNull();
        assertThat(tck.listing()).as("the volume's files after an upload").isEqualTo(before);
    }
}
