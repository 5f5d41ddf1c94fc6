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
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
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
 * qemu-img fails at each step of each operation in turn. Afterwards the info file is valid JSON
 * naming files that exist, the chain walks, the volume and every snapshot not being deleted read
 * back their data, a failed copy leaves no file, and the operation succeeds when tried again.
 */
final class LocalFsFaultInjectionIT {
    @TempDir
    Path root;

    private static final String VIA_ROOT_HELPER = "-via-root-helper";
    /** Operations that start no qemu-img unless a root helper must write their file: the overlay is written in-process. */
    private static final java.util.Set<String> IN_PROCESS = java.util.Set.of("create_snapshot", "revert");

    private final FaultyLocalFsProvider provider = new FaultyLocalFsProvider();

    /** A volume with three snapshots; pattern 0x10*k at MiB 0 and MiB k before snapshot k; 0x99 at MiB 0 and 4 now. */
    private final class Scene {
        final Path share;
        final VolumeDriver driver;
        final Volume volume;
        final List<String> ids = new ArrayList<>();
        String deleting;

        Scene(String name) {
            share = root.resolve(name);
            // files written through a root helper ("env" runs the command as it is) are written by
            // qemu-img, so that its failures are injected there too
            driver = name.contains(VIA_ROOT_HELPER)
                    ? provider.driver(share, "root_helper = env, nas_secure_file_operations = false")
                    : provider.driver(share);
            Volume created = Volume.create(UUID.randomUUID().toString(), 1);
            ModelUpdate update = driver.createVolume(created);
            volume = created.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                    .withFormat("raw");
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

    private void injectEveryStep(String operation, BiConsumer<Scene, Integer> action) throws Exception {
        for (int step = 1; step <= 10; step++) {
            Scene scene = new Scene(operation + "-" + step);
            int failAt = step;
            provider.runner().failAt(failAt);
            Throwable failure = null;
            try {
                action.accept(scene, step);
            } catch (RemoteFsException e) {
                failure = e;
            }
            int qemuImgCalls = provider.runner().qemuImgCalls().size();
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

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void deletingASnapshot(int index) throws Exception {
        injectEveryStep("delete-" + index, (scene, step) -> {
            scene.deleting = scene.ids.get(index);
            scene.driver.deleteSnapshot(scene.snapshot(scene.ids.get(index)).withStatus(SnapshotStatus.DELETING));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"create_snapshot", "create_snapshot" + VIA_ROOT_HELPER, "clone", "from_snapshot",
            "extend", "revert", "revert" + VIA_ROOT_HELPER})
    void otherOperations(String operation) throws Exception {
        injectEveryStep(operation, (scene, step) -> {
            Volume target = Volume.create(UUID.randomUUID().toString(), 2);
            try {
                switch (operation.replace(VIA_ROOT_HELPER, "")) {
                    case "create_snapshot" -> scene.driver.createSnapshot(
                            new Snapshot(UUID.randomUUID().toString(), scene.volume, SnapshotStatus.CREATING, null, null));
                    case "clone" -> scene.driver.createClonedVolume(target, scene.volume);
                    case "from_snapshot" -> scene.driver.createVolumeFromSnapshot(target, scene.snapshot(scene.ids.get(1)));
                    case "extend" -> scene.driver.extendVolume(scene.volume, 2 + (step == 0 ? 1 : 0));
                    case "revert" -> {
                        scene.write(0x99, 0);
                        scene.driver.revertToSnapshot(scene.volume, scene.snapshot(scene.ids.get(2)));
                        scene.write(0x99, 0);
                        scene.write(0x99, 4);
                    }
                    default -> throw new IllegalArgumentException(operation);
                }
            } catch (RemoteFsException e) {
                assertThat(scene.share.resolve(target.name())).as("a failed copy leaves no file").doesNotExist();
                throw e;
            }
        });
    }
}
