package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.json.Json;
import org.remotefs.core.layout.BackingFileCheck;
import org.remotefs.core.layout.ChainWalker;
import org.remotefs.core.volume.ImageHeaderReader;

/**
 * qemu-img fails at each step of each operation in turn — before it runs, or after it ran (a lost
 * answer: the step was done, the driver is told it failed). The error names the step
 * ({@code details.step}: {@code qemu-img <sub-command>}). Afterwards the info file is valid JSON
 * naming files that exist, the chain walks, the volume and every snapshot not being deleted read
 * back their data, a failed copy leaves no file, and the operation succeeds when tried again.
 * Steps: create (a snapshot's or a revert's overlay through a root helper, a clone's temporary
 * snapshot), commit and rebase (deletes), convert (clones, volumes from snapshots, image copies
 * both ways, vhd extends), resize (qcow2 extends through a root helper, vhd extends, images into volumes), info (every
 * operation on a vhd volume, whose size qemu computes).
 */
final class LocalFsFaultInjectionIT {
    @TempDir
    Path root;

    private static final String VIA_ROOT_HELPER = "-via-root-helper";
    /**
     * Operations that start no qemu-img unless a root helper must write their file: the overlay is
     * written in-process, a qcow2 overlay grows in-process (its L1 table too).
     */
    private static final java.util.Set<String> IN_PROCESS = java.util.Set.of("create_snapshot", "revert", "extend");

    private final FaultyLocalFsProvider provider = new FaultyLocalFsProvider();

    /**
     * A volume with three snapshots; pattern 0x10*k at MiB 0 and MiB k before snapshot k; 0x99 at
     * MiB 0 and 4 now. A scene whose name has {@code vhd}: a vhd volume (no snapshots) with 0x55 at
     * MiB 0. Beside it, an image {@code img} (qcow2, 64 MiB, 0x42 at MiB 0) in a local image service.
     */
    private final class Scene {
        final Path share;
        final Path images;
        final VolumeDriver driver;
        final Volume volume;
        final boolean vhd;
        final List<String> ids = new ArrayList<>();
        String deleting;

        Scene(String name) {
            share = root.resolve(name);
            images = root.resolve(name + "-images");
            vhd = name.contains("vhd");
            // files written through a root helper ("env" runs the command as it is) are written by
            // qemu-img, so that its failures are injected there too
            driver = provider.driverWithImages(share, images, name.contains(VIA_ROOT_HELPER)
                    ? "root_helper = env, nas_secure_file_operations = false" : "");
            Volume created = Volume.create(UUID.randomUUID().toString(), 1);
            if (vhd) {
                created = created.withTypeExtraSpecs(Map.of("volume_format", "vhd"));
            }
            ModelUpdate update = driver.createVolume(created);
            volume = created.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                    .withFormat(vhd ? "vhd" : "raw");
            try {
                Files.createDirectories(images);
                LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", images.resolve("img").toString(), "64M");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            QemuIo.write(images.resolve("img"), "qcow2", 0x42, 0);
            if (vhd) {
                QemuIo.write(share.resolve(volume.name() + ".vhd"), "vpc", 0x55, 0);
                return;
            }
            for (int k = 1; k <= 3; k++) {
                write(0x10 * k, 0);
                write(0x10 * k, k);
                String id = UUID.randomUUID().toString();
                driver.createSnapshot(snapshot(id));
                ids.add(id);
            }
            write(0x99, 0);
            write(0x99, 4);
        }

        Snapshot snapshot(String id) {
            return new Snapshot(id, volume, SnapshotStatus.AVAILABLE, null, null);
        }

        Map<String, String> info() {
            return new InfoFile(Json.mapper()).read(share.resolve(volume.name() + InfoFile.SUFFIX)).orElseThrow();
        }

        void write(int pattern, int mib) {
            String active = info0().getOrDefault("active", volume.name());
            QemuIo.write(share.resolve(active), active.equals(volume.name()) ? "raw" : "qcow2", pattern, mib);
        }

        private Map<String, String> info0() {
            return new InfoFile(Json.mapper()).read(share.resolve(volume.name() + InfoFile.SUFFIX)).orElse(Map.of());
        }

        void assertIntact() throws Exception {
            if (vhd) {
                assertThat(share.resolve(volume.name() + InfoFile.SUFFIX)).doesNotExist();
                assertThat(QemuIo.mismatch(share.resolve(volume.name() + ".vhd"), "vpc", 0x55)).as("vhd volume")
                        .isNull();
                return;
            }
            Map<String, String> info = info();
            assertThat(info).containsKey("active");
            info.values().forEach(file -> assertThat(share.resolve(file)).exists());
            var chain = new ChainWalker(new ImageHeaderReader(), new BackingFileCheck())
                    .walk(share, volume.name(), info.get("active"), "raw");
            String active = chain.get(0).fileName();
            assertThat(QemuIo.mismatch(share.resolve(active), active.equals(volume.name()) ? "raw" : "qcow2",
                    0x99, 0x10, 0x20, 0x30, 0x99)).as("volume").isNull();
            for (int k = 1; k <= 3; k++) {
                String id = ids.get(k - 1);
                if (!info.containsKey(id) || id.equals(deleting)) {
                    continue;
                }
                Path created = share.resolve(info.get(id));
                var header = new ImageHeaderReader().read(created);
                String format = header.backingFormat().orElse("raw");
                int[] expected = new int[5];
                expected[0] = 0x10 * k;
                for (int i = 1; i <= k; i++) {
                    expected[i] = 0x10 * i;
                }
                assertThat(QemuIo.mismatch(share.resolve(header.backingFile().orElseThrow()), format, expected))
                        .as("snapshot %s", k).isNull();
            }
        }
    }

    private void injectEveryStep(String operation, boolean lostAnswer, BiConsumer<Scene, Integer> action)
            throws Exception {
        for (int step = 1; step <= 10; step++) {
            Scene scene = new Scene(operation + (lostAnswer ? "-lost-" : "-") + step);
            int failAt = step;
            if (lostAnswer) {
                provider.runner().loseAnswerAt(failAt);
            } else {
                provider.runner().failAt(failAt);
            }
            Throwable failure = null;
            try {
                action.accept(scene, step);
            } catch (RemoteFsException e) {
                failure = e;
            }
            List<List<String>> calls = provider.runner().qemuImgCalls();
            int qemuImgCalls = calls.size();
            provider.runner().failAt(0);
            if (failure == null) {
                assertThat(qemuImgCalls).as("%s ran to the end at step %s", operation, step).isLessThan(failAt);
                if (IN_PROCESS.contains(operation)) {
                    assertThat(qemuImgCalls).as("%s starts no qemu-img", operation).isZero();
                } else {
                    assertThat(step).as("%s: at least one step was failed", operation).isGreaterThan(1);
                }
                return;
            }
            assertThat(failure).as("%s step %s", operation, step).isInstanceOf(ProcessExecutionException.class);
            // the error names the step that failed: qemu-img and its sub-command
            List<String> failed = calls.get(failAt - 1);
            assertThat(((RemoteFsException) failure).details()).as("%s step %s", operation, step)
                    .containsEntry("step", "qemu-img " + failed.get(1));
            scene.assertIntact();
            try (var files = Files.list(scene.share)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("leftovers after %s step %s", operation, step)
                        .allMatch(name -> !name.contains(".tmp-"));
            }
            action.accept(scene, 0);
            scene.deleting = null;
            scene.assertIntact();
        }
        throw new AssertionError(operation + " never completed");
    }

    /**
     * In-process, the image above a deleted middle or oldest snapshot is re-pointed by a header
     * rewrite; through a root helper it is {@code qemu-img rebase}, a step to fail.
     */
    @ParameterizedTest(name = "delete snapshot {0} of 3, lost answer: {1}, through a root helper: {2}")
    @CsvSource({"0, false, false", "1, false, false", "2, false, false", "0, true, false", "1, true, false",
            "2, true, false", "1, false, true", "0, true, true"})
    void deletingASnapshot(int index, boolean lostAnswer, boolean rootHelper) throws Exception {
        injectEveryStep("delete-" + index + (rootHelper ? VIA_ROOT_HELPER : ""), lostAnswer, (scene, step) -> {
            scene.deleting = scene.ids.get(index);
            scene.driver.deleteSnapshot(scene.snapshot(scene.ids.get(index)).withStatus(SnapshotStatus.DELETING));
        });
    }

    @ParameterizedTest(name = "{0}, lost answer: {1}")
    @CsvSource({"create_snapshot, false", "create_snapshot" + VIA_ROOT_HELPER + ", false",
            "create_snapshot" + VIA_ROOT_HELPER + ", true", "clone, false", "clone, true",
            "clone" + VIA_ROOT_HELPER + ", false", "clone" + VIA_ROOT_HELPER + ", true",
            "from_snapshot, false", "from_snapshot, true", "extend, false",
            "extend" + VIA_ROOT_HELPER + ", false", "extend" + VIA_ROOT_HELPER + ", true",
            "revert, false", "revert" + VIA_ROOT_HELPER + ", false", "revert" + VIA_ROOT_HELPER + ", true",
            "image_to_volume, false", "image_to_volume, true", "volume_to_image, false", "volume_to_image, true",
            "extend_vhd, false", "extend_vhd, true", "clone_vhd, false", "clone_vhd, true"})
    void otherOperations(String operation, boolean lostAnswer) throws Exception {
        injectEveryStep(operation, lostAnswer, (scene, step) -> {
            Volume target = Volume.create(UUID.randomUUID().toString(), 2);
            try {
                switch (operation.replace(VIA_ROOT_HELPER, "").replace("_vhd", "")) {
                    case "create_snapshot" -> scene.driver.createSnapshot(
                            new Snapshot(UUID.randomUUID().toString(), scene.volume, SnapshotStatus.CREATING, null, null));
                    case "clone" -> scene.driver.createClonedVolume(target, scene.volume);
                    case "from_snapshot" -> scene.driver.createVolumeFromSnapshot(target, scene.snapshot(scene.ids.get(1)));
                    // the same size again when retried: after a lost answer the file has it already
                    case "extend" -> scene.driver.extendVolume(scene.volume, 2);
                    case "revert" -> {
                        scene.write(0x99, 0);
                        scene.driver.revertToSnapshot(scene.volume, scene.snapshot(scene.ids.get(2)));
                        scene.write(0x99, 0);
                        scene.write(0x99, 4);
                    }
                    case "image_to_volume" -> {
                        assertThat(scene.driver.cloneImage(target, new ImageRef("img", null, null))).isPresent();
                        assertThat(QemuIo.mismatch(scene.share.resolve(target.name()), "raw", 0x42, 0)).isNull();
                    }
                    case "volume_to_image" -> {
                        scene.driver.copyVolumeToImage(scene.volume, new ImageRef("up", "up", "raw"));
                        assertThat(QemuIo.mismatch(scene.images.resolve("up"), "raw", 0x99, 0x10, 0x20, 0x30, 0x99))
                                .isNull();
                    }
                    default -> throw new IllegalArgumentException(operation);
                }
            } catch (RemoteFsException e) {
                assertThat(scene.share.resolve(target.name())).as("a failed copy leaves no file").doesNotExist();
                assertThat(scene.images.resolve("up")).as("a failed upload leaves no image").doesNotExist();
                throw e;
            }
        });
    }
}
