package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
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
import org.remotefs.testing.TmpfsShare;

import com.typesafe.config.ConfigUtil;

/**
 * A full share ({@code ENOSPC}) at each step that writes to it, on a small tmpfs ({@link TmpfsShare})
 * filled up: the operation fails with {@code NO_SPACE}, the info file is byte for byte what it
 * was, nothing is left behind, the volume reads its data, and the same operation succeeds once the
 * space is freed. A step after others that wrote is reached by leaving exactly the room those
 * need: tmpfs counts whole pages and nothing else, so a spacer file of the right number of pages,
 * written before the share is filled and removed after, leaves exactly that room. Needs root (a
 * tmpfs mount); skipped where it cannot mount.
 *
 * <p>Not reachable: growing a raw file in place ({@code ftruncate}) and a qcow2 image whose L1
 * table has room (one 8-byte write in its first page) allocate nothing, so a full share cannot
 * fail them — the test shows they succeed on a full share.
 */
final class LocalFsFullDiskIT {
    private static final int PAGE = 4096;
    private static final long MIB = 1 << 20;
    private static final long GIB = 1L << 30;
    /**
     * Placement and extend weigh a share's size times this against what its volumes may grow to
     * (Cinder's rule): a 64 MiB share takes the 1 GiB volumes of these tests, so that the write
     * itself finds the share full.
     */
    private static final String OPTIONS = "max_over_subscription_ratio = 100";

    @TempDir
    Path work;

    private final List<TmpfsShare> mounts = new ArrayList<>();

    @AfterEach
    void unmount() {
        mounts.forEach(TmpfsShare::close);
    }

    private Path tmpfs(String name, String size) {
        TmpfsShare mount = new TmpfsShare("remotefs-full-" + name).withMountPoint(work.resolve(name)).withSize(size);
        mounts.add(mount);
        return mount.start().mountPoint();
    }

    /** A 1 GiB raw volume with 0x11 at MiB 0 and snapshot {@code s1}, whose overlay (active) holds 0x22 at MiB 1. */
    private final class Scene {
        final Path share;
        final VolumeDriver driver;
        final Volume volume;
        final String s1 = UUID.randomUUID().toString();

        Scene(Path share, VolumeDriver driver) {
            this.share = share;
            this.driver = driver;
            volume = created(driver, UUID.randomUUID().toString());
            QemuIo.write(share.resolve(volume.name()), "raw", 0x11, 0);
            driver.createSnapshot(snapshot(s1, SnapshotStatus.CREATING));
            QemuIo.write(overlay(s1), "qcow2", 0x22, 1);
        }

        Snapshot snapshot(String id, SnapshotStatus status) {
            return new Snapshot(id, volume, status, null, null);
        }

        Path overlay(String snapshot) {
            return share.resolve(volume.name() + "." + snapshot);
        }

        Path info() {
            return share.resolve(volume.name() + ".info");
        }

        byte[] infoBytes() throws IOException {
            return Files.readAllBytes(info());
        }

        void assertReads() throws IOException {
            String active = new String(infoBytes(), StandardCharsets.UTF_8);
            assertThat(active).contains("\"active\": \"" + overlay(s1).getFileName() + "\"");
            assertThat(QemuIo.mismatch(overlay(s1), "qcow2", 0x11, 0x22)).as("the volume reads its data").isNull();
        }
    }

    private static Volume created(VolumeDriver driver, String id) {
        Volume volume = Volume.create(id, 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat("raw");
    }

    /** A share filled up: nothing fits, except {@code room} bytes once {@link #makeRoom()} ran. */
    private static final class Full {
        private final Path spacer;
        private final Path filler;

        private Full(Path spacer, Path filler) {
            this.spacer = spacer;
            this.filler = filler;
        }

        static Full fill(Path share, long room) throws IOException {
            Path spacer = share.resolve("spacer");
            if (room > 0) {
                Files.write(spacer, new byte[(int) room]);
            }
            Path filler = share.resolve("filler");
            byte[] block = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(filler)) {
                while (true) {
                    out.write(block);
                }
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                    throw e;
                }
            }
            return new Full(spacer, filler);
        }

        /** Frees exactly the room asked for. */
        Full makeRoom() throws IOException {
            Files.deleteIfExists(spacer);
            return this;
        }

        void free() throws IOException {
            Files.deleteIfExists(spacer);
            Files.delete(filler);
        }
    }

    /** Bytes the file occupies (tmpfs: whole pages). */
    private static long allocated(Path file) throws Exception {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }

    /** The pages a snapshot's overlay of a 1 GiB raw volume takes: measured on a volume made for it. */
    private long overlayBytes(VolumeDriver driver, Path share) throws Exception {
        Volume probe = created(driver, UUID.randomUUID().toString());
        String snapshot = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(snapshot, probe, SnapshotStatus.CREATING, null, null));
        long bytes = allocated(share.resolve(probe.name() + "." + snapshot));
        driver.deleteSnapshot(new Snapshot(snapshot, probe, SnapshotStatus.DELETING, null, null));
        driver.deleteVolume(probe);
        return bytes;
    }

    /**
     * The operation fails with {@code NO_SPACE} at the step named: {@code details.step} of a
     * command ({@code qemu-img convert}), or {@code details.file} of an in-process write (a
     * pattern of its path: {@code .*\\.info}).
     */
    private static void assertNoSpace(String where, ThrowingCallable operation) {
        assertThatThrownBy(operation).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.NO_SPACE);
            if (where.startsWith("qemu-img")) {
                assertThat(e.details()).as(e.getMessage()).containsEntry("step", where);
            } else {
                assertThat(e.details().get("file")).as(e.getMessage()).matches(where);
            }
        });
    }

    private static void assertNoTemporaryFile(Path share) throws IOException {
        try (Stream<Path> files = Files.list(share)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".tmp-"));
        }
    }

    @Test
    void snapshotCreateWhenTheOverlayFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        Scene scene = new Scene(share, LocalFsFixture.driver(share, OPTIONS));
        byte[] before = scene.infoBytes();
        Full full = Full.fill(share, 0);

        String second = UUID.randomUUID().toString();
        assertNoSpace(".*\\.tmp-overlay-.*",
                () -> scene.driver.createSnapshot(scene.snapshot(second, SnapshotStatus.CREATING)));

        assertThat(scene.infoBytes()).isEqualTo(before);
        assertThat(scene.overlay(second)).doesNotExist();
        assertNoTemporaryFile(share);
        scene.assertReads();
        full.free();
        scene.driver.createSnapshot(scene.snapshot(second, SnapshotStatus.CREATING));
        assertThat(new String(scene.infoBytes(), StandardCharsets.UTF_8))
                .contains("\"active\": \"" + scene.overlay(second).getFileName() + "\"");
        assertThat(scene.driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void snapshotCreateWhenTheInfoFileFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        VolumeDriver driver = LocalFsFixture.driver(share, OPTIONS);
        long overlay = overlayBytes(driver, share);
        Scene scene = new Scene(share, driver);
        byte[] before = scene.infoBytes();
        // room for the overlay, none for the info file written after it
        Full full = Full.fill(share, overlay).makeRoom();

        String second = UUID.randomUUID().toString();
        assertNoSpace(".*\\.info", () -> scene.driver.createSnapshot(scene.snapshot(second, SnapshotStatus.CREATING)));

        assertThat(scene.infoBytes()).isEqualTo(before);
        assertThat(scene.overlay(second)).as("the new overlay is removed").doesNotExist();
        assertNoTemporaryFile(share);
        scene.assertReads();
        full.free();
        scene.driver.createSnapshot(scene.snapshot(second, SnapshotStatus.CREATING));
        assertThat(scene.driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void snapshotDeleteWhenTheCommitFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        Scene scene = new Scene(share, LocalFsFixture.driver(share, OPTIONS));
        byte[] before = scene.infoBytes();
        // room for the journal (one page), none for the data the commit merges into the base
        Full full = Full.fill(share, PAGE).makeRoom();

        assertNoSpace("qemu-img commit",
                () -> scene.driver.deleteSnapshot(scene.snapshot(scene.s1, SnapshotStatus.DELETING)));

        assertThat(scene.infoBytes()).isEqualTo(before);
        assertNoTemporaryFile(share);
        scene.assertReads();
        full.free();
        scene.driver.deleteSnapshot(scene.snapshot(scene.s1, SnapshotStatus.DELETING));
        assertThat(new String(scene.infoBytes(), StandardCharsets.UTF_8)).doesNotContain(scene.s1);
        assertThat(scene.overlay(scene.s1)).doesNotExist();
        assertThat(QemuIo.mismatch(share.resolve(scene.volume.name()), "raw", 0x11, 0x22)).isNull();
        assertThat(scene.driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void snapshotDeleteWhenTheInfoFileFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        Scene scene = new Scene(share, LocalFsFixture.driver(share, OPTIONS));
        byte[] before = scene.infoBytes();
        // room for the journal and the MiB the commit merges into the base, none for the info file
        Full full = Full.fill(share, PAGE + MIB).makeRoom();

        assertNoSpace(".*\\.info",
                () -> scene.driver.deleteSnapshot(scene.snapshot(scene.s1, SnapshotStatus.DELETING)));

        assertThat(scene.infoBytes()).isEqualTo(before);
        assertThat(share.resolve(scene.volume.name() + ".info.journal")).as("the delete's intent stays recorded")
                .exists();
        assertNoTemporaryFile(share);
        scene.assertReads();
        full.free();
        scene.driver.deleteSnapshot(scene.snapshot(scene.s1, SnapshotStatus.DELETING));
        assertThat(scene.overlay(scene.s1)).doesNotExist();
        assertThat(QemuIo.mismatch(share.resolve(scene.volume.name()), "raw", 0x11, 0x22)).isNull();
        assertThat(scene.driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void volumeFromSnapshotWhenTheConversionFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        Scene scene = new Scene(share, LocalFsFixture.driver(share, OPTIONS));
        byte[] before = scene.infoBytes();
        Full full = Full.fill(share, 0);
        Volume target = Volume.create(UUID.randomUUID().toString(), 1);

        assertNoSpace("qemu-img convert", () -> scene.driver.createVolumeFromSnapshot(target,
                scene.snapshot(scene.s1, SnapshotStatus.AVAILABLE)));

        assertThat(scene.infoBytes()).isEqualTo(before);
        assertThat(share.resolve(target.name())).doesNotExist();
        assertNoTemporaryFile(share);
        scene.assertReads();
        full.free();
        scene.driver.createVolumeFromSnapshot(target, scene.snapshot(scene.s1, SnapshotStatus.AVAILABLE));
        assertThat(QemuIo.mismatch(share.resolve(target.name()), "raw", 0x11, 0)).isNull();
    }

    @Test
    void cloneWhenTheConversionFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        VolumeDriver driver = LocalFsFixture.driver(share, OPTIONS);
        long overlay = overlayBytes(driver, share);
        Scene scene = new Scene(share, driver);
        byte[] before = scene.infoBytes();
        // room for the clone's journal (one page, kept while the clone runs) and its temporary
        // snapshot (its overlay, and the info file's new copy beside the old)
        Full full = Full.fill(share, PAGE + overlay + PAGE).makeRoom();
        Volume target = Volume.create(UUID.randomUUID().toString(), 1);

        assertNoSpace("qemu-img convert", () -> scene.driver.createClonedVolume(target, scene.volume));

        assertThat(scene.infoBytes()).as("the temporary snapshot is gone").isEqualTo(before);
        assertThat(share.resolve(target.name())).doesNotExist();
        assertNoTemporaryFile(share);
        scene.assertReads();
        full.free();
        scene.driver.createClonedVolume(target, scene.volume);
        assertThat(QemuIo.mismatch(share.resolve(target.name()), "raw", 0x11, 0x22)).isNull();
        assertThat(scene.infoBytes()).isEqualTo(before);
        assertThat(scene.driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void extendWhenTheGrownL1TableFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        Scene scene = new Scene(share, LocalFsFixture.driver(share, OPTIONS));
        byte[] before = scene.infoBytes();
        Full full = Full.fill(share, 0);

        // the active image is a qcow2 overlay whose L1 table must grow for 2 GiB, in-process: the new
        // table, written first, past the end of the file, finds no room
        assertNoSpace(".*/volume-.*", () -> scene.driver.extendVolume(scene.volume, 2));

        assertThat(scene.infoBytes()).isEqualTo(before);
        assertThat(scene.driver.findVolume(scene.volume.id()).orElseThrow().virtualSizeBytes()).isEqualTo(GIB);
        assertNoTemporaryFile(share);
        scene.assertReads();
        full.free();
        scene.driver.extendVolume(scene.volume, 2);
        assertThat(scene.driver.findVolume(scene.volume.id()).orElseThrow().virtualSizeBytes()).isEqualTo(2 * GIB);
        scene.assertReads();
    }

    @Test
    void aVolumeDeleteWorksOnAFullShare() throws Exception {
        // a delete frees space: on a full share it goes on without its journal, which cannot be written
        Path share = tmpfs("share", "64m");
        Scene scene = new Scene(share, LocalFsFixture.driver(share, OPTIONS));
        Full full = Full.fill(share, 0);

        scene.driver.deleteVolume(scene.volume);

        try (Stream<Path> left = Files.list(share)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("volume-"));
        }
        full.free();
    }

    @Test
    void growingARawFileInPlaceNeedsNoSpaceAndSucceedsOnAFullShare() throws Exception {
        Path share = tmpfs("share", "64m");
        VolumeDriver driver = LocalFsFixture.driver(share, OPTIONS);
        Volume volume = created(driver, UUID.randomUUID().toString());
        QemuIo.write(share.resolve(volume.name()), "raw", 0x11, 0);
        Full full = Full.fill(share, 0);

        driver.extendVolume(volume, 2);

        assertThat(Files.size(share.resolve(volume.name()))).isEqualTo(2 * GIB);
        assertThat(QemuIo.mismatch(share.resolve(volume.name()), "raw", 0x11)).isNull();
        full.free();
    }

    @Test
    void imageToVolumeWhenTheConversionFindsNoSpace() throws Exception {
        Path share = tmpfs("share", "64m");
        Path images = Files.createDirectories(work.resolve("images"));
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", images.resolve("img").toString(), "64M");
        QemuIo.write(images.resolve("img"), "qcow2", 0x42, 0);
        VolumeDriver driver = LocalFsFixture.driver(share, OPTIONS, "remotefs.image_service { type = local, "
                + "local_directory = " + ConfigUtil.quoteString(images.toString()) + " }");
        Full full = Full.fill(share, 0);
        Volume target = Volume.create(UUID.randomUUID().toString(), 1);

        assertNoSpace("qemu-img convert", () -> driver.cloneImage(target, new ImageRef("img", null, null)));

        assertThat(share.resolve(target.name())).doesNotExist();
        assertNoTemporaryFile(share);
        full.free();
        assertThat(driver.cloneImage(target, new ImageRef("img", null, null))).isPresent();
        assertThat(QemuIo.mismatch(share.resolve(target.name()), "raw", 0x42, 0)).isNull();
    }

    @Test
    void volumeToImageWhenTheConversionDirectoryIsFull() throws Exception {
        Path share = tmpfs("share", "64m");
        Path conversion = tmpfs("conversion", "16m");
        Path images = Files.createDirectories(work.resolve("images"));
        // a tmpfs's root is writable by everyone (1777): the driver refuses such a directory
        Files.setPosixFilePermissions(conversion, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        VolumeDriver driver = LocalFsFixture.driver(share, OPTIONS + "\nimage_conversion_dir = "
                + ConfigUtil.quoteString(conversion.toString()), "remotefs.image_service { type = local, "
                + "local_directory = " + ConfigUtil.quoteString(images.toString()) + " }");
        Scene scene = new Scene(share, driver);
        byte[] before = scene.infoBytes();
        Full full = Full.fill(conversion, 0);

        // the chain is flattened into the conversion directory: qemu-img convert finds no space there
        assertNoSpace("qemu-img convert",
                () -> driver.copyVolumeToImage(scene.volume, new ImageRef("up", "up", "raw")));

        assertThat(images.resolve("up")).doesNotExist();
        try (Stream<Path> left = Files.list(conversion)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("filler");
        }
        assertThat(scene.infoBytes()).isEqualTo(before);
        scene.assertReads();
        full.free();
        driver.copyVolumeToImage(scene.volume, new ImageRef("up", "up", "raw"));
        assertThat(QemuIo.mismatch(images.resolve("up"), "raw", 0x11, 0x22)).isNull();
    }

    @Test
    void thickCreateWhenTheZerosFindNoSpace() throws Exception {
        // a thick volume is written in full: a share that can hold one, filled up
        Path share = tmpfs("share", "1100m");
        VolumeDriver driver = LocalFsFixture.driver(share, OPTIONS + "\nlocalfs_sparsed_volumes = false");
        Full full = Full.fill(share, 0);
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);

        assertNoSpace(".*\\.tmp-create-.*", () -> driver.createVolume(volume));

        assertThat(share.resolve(volume.name())).doesNotExist();
        assertNoTemporaryFile(share);
        full.free();
        driver.createVolume(volume);
        assertThat(allocated(share.resolve(volume.name()))).isEqualTo(GIB);
    }
}
