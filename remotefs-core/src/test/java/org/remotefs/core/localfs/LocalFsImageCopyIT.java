package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.remotefs.core.localfs.LocalFsFixture.listing;
import static org.remotefs.core.localfs.LocalFsFixture.qemuImgInfo;
import static org.remotefs.core.localfs.LocalFsFixture.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.testing.FakeGlance;

import com.typesafe.config.ConfigUtil;

/** Images into volumes and volumes into images, through a local image directory and a Glance stand-in. */
final class LocalFsImageCopyIT {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private Path share() {
        return dir.resolve("share");
    }

    private Path images() {
        return dir.resolve("images");
    }

    private VolumeDriver localDriver(String options) throws IOException {
        // a configured image_conversion_dir must exist: the driver makes a private directory in it per copy
        Path conversion = Files.createDirectories(dir.resolve("conversion"));
        return LocalFsFixture.driver(share(), options + "\nimage_conversion_dir = "
                + ConfigUtil.quoteString(conversion.toString()),
                "remotefs.image_service { type = local, local_directory = " + ConfigUtil.quoteString(images().toString()) + " }");
    }

    private Volume create(VolumeDriver driver, int size) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), size);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
    }

    /** A qcow2 image of {@code sizeMib} MiB with 0x42 in its first MiB. */
    private Path qcow2Image(String name, String size) throws Exception {
        Files.createDirectories(images());
        Path image = images().resolve(name);
        run("qemu-img", "create", "-f", "qcow2", image.toString(), size);
        QemuIo.write(image, "qcow2", 0x42, 0);
        return image;
    }

    @Test
    void aQcow2ImageBecomesTheVolumesContentAtTheVolumesSize() throws Exception {
        VolumeDriver driver = localDriver("");
        qcow2Image("cirros.qcow2", "64M");
        Volume volume = create(driver, 1);

        driver.copyImageToVolume(volume, new ImageRef("cirros.qcow2", null, null));

        Path file = share().resolve(volume.name());
        assertThat(qemuImgInfo(file).get("format").asText()).isEqualTo("raw");
        assertThat(qemuImgInfo(file).get("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(QemuIo.mismatch(file, "raw", 0x42, 0, 0)).isNull();
        try (var leftovers = Files.list(dir.resolve("conversion"))) {
            assertThat(leftovers).isEmpty();
        }
    }

    @Test
    void aQcow2BackendKeepsItsFormat() throws Exception {
        VolumeDriver driver = localDriver("localfs_qcow2_volumes = true");
        qcow2Image("cirros.qcow2", "64M");
        Volume volume = create(driver, 1);

        driver.copyImageToVolume(volume, new ImageRef("cirros.qcow2", null, null));

        Path file = share().resolve(volume.name());
        assertThat(qemuImgInfo(file).get("format").asText()).isEqualTo("qcow2");
        assertThat(qemuImgInfo(file).get("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(QemuIo.mismatch(file, "qcow2", 0x42, 0)).isNull();
    }

    @Test
    void unacceptableImagesChangeNothing() throws Exception {
        VolumeDriver driver = localDriver("");
        Volume volume = create(driver, 1);
        QemuIo.write(share().resolve(volume.name()), "raw", 0x11, 0);
        qcow2Image("too-big.qcow2", "2G");
        qcow2Image("base.qcow2", "64M");
        run("qemu-img", "create", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw",
                images().resolve("backed.qcow2").toString(), "64M");
        run("qemu-img", "create", "-f", "qcow2", "-o", "data_file=" + images().resolve("data.raw"),
                images().resolve("datafile.qcow2").toString(), "64M");
        Files.writeString(images().resolve("lying.qcow2.meta.json"), "{\"name\":\"lying\",\"disk_format\":\"raw\"}");
        Files.copy(images().resolve("base.qcow2"), images().resolve("lying.qcow2"));
        Map<String, Long> before = listing(share());

        for (String image : new String[] {"too-big.qcow2", "backed.qcow2", "datafile.qcow2", "lying.qcow2"}) {
            assertThatThrownBy(() -> driver.copyImageToVolume(volume, new ImageRef(image, null, null)))
                    .as(image)
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE));
        }
        assertThatThrownBy(() -> driver.copyImageToVolume(volume, new ImageRef("missing", null, null)))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.IMAGE_NOT_FOUND));
        assertThat(listing(share())).isEqualTo(before);
        assertThat(QemuIo.mismatch(share().resolve(volume.name()), "raw", 0x11)).isNull();
    }

    @Test
    void aVolumeWithSnapshotsUploadsItsCurrentDataFlattened() throws Exception {
        VolumeDriver driver = localDriver("");
        Volume volume = create(driver, 1);
        QemuIo.write(share().resolve(volume.name()), "raw", 0x11, 0);
        String snapshot = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.CREATING, null, null));
        QemuIo.write(share().resolve(volume.name() + "." + snapshot), "qcow2", 0x22, 1);

        driver.copyVolumeToImage(volume, new ImageRef("backup", "backup", "raw"));

        Path image = images().resolve("backup");
        assertThat(qemuImgInfo(image).get("format").asText()).isEqualTo("raw");
        assertThat(qemuImgInfo(image).get("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(QemuIo.mismatch(image, "raw", 0x11, 0x22, 0)).isNull();
    }

    @Test
    void throughGlance() throws Exception {
        try (FakeGlance glance = new FakeGlance().start()) {
            Path source = qcow2Image("source.qcow2", "32M");
            glance.put("img-1", "source", "qcow2", Files.readAllBytes(source));
            VolumeDriver driver = LocalFsFixture.driver(share(), "", "remotefs.image_service { type = glance, "
                    + "glance_endpoint = \"" + glance.endpoint() + "\", glance_token = " + FakeGlance.TOKEN + " }");
            Volume volume = create(driver, 1);

            driver.copyImageToVolume(volume, new ImageRef("img-1", null, null));
            QemuIo.write(share().resolve(volume.name()), "raw", 0x24, 1);
            var created = new org.remotefs.core.image.GlanceImageService(java.net.http.HttpClient.newHttpClient(),
                    glance.endpoint(), FakeGlance.TOKEN, org.remotefs.core.json.Json.mapper(),
                    java.time.Duration.ofSeconds(30)).create("uploaded", "raw");
            driver.copyVolumeToImage(volume, created.ref());

            assertThat(QemuIo.mismatch(share().resolve(volume.name()), "raw", 0x42, 0x24)).isNull();
            byte[] uploaded = glance.image(created.id()).data();
            assertThat(uploaded).hasSize((int) GIB);
            assertThat(uploaded[0]).isEqualTo((byte) 0x42);
            assertThat(uploaded[(1 << 20) + 5]).isEqualTo((byte) 0x24);
        }
    }

    @Test
    void withoutAnImageServiceImageCopiesAreUnsupported() {
        VolumeDriver driver = LocalFsFixture.driver(share(), "", "remotefs.image_service.type = none");
        Volume volume = create(driver, 1);

        assertThatThrownBy(() -> driver.copyImageToVolume(volume, new ImageRef("x", null, null)))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }
}
