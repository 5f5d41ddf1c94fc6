package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
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

/** Snapshot operations from many threads: serialised on one volume, the chain and info file always valid. */
final class LocalFsSnapshotConcurrencyIT {
    @TempDir
    Path share;

    private static Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE).withFormat("raw");
    }

    private void assertConsistent(Volume volume, int snapshots) {
        Map<String, String> info = new InfoFile(Json.mapper()).read(share.resolve(volume.name() + ".info")).orElseThrow();
        assertThat(info).hasSize(snapshots + 1);
        var chain = new ChainWalker(new ImageHeaderReader(), new BackingFileCheck())
                .walk(share, volume.name(), info.get("active"), "raw");
        assertThat(chain).hasSize(snapshots + 1);
        info.values().forEach(file -> assertThat(share.resolve(file)).exists());
    }

    @Test
    void parallelSnapshotsOfOneVolumeMakeOneStraightChain() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "lock_path = \"" + share.resolve(".locks") + "\"");
        Volume volume = created(driver);
        QemuIo.write(share.resolve(volume.name()), "raw", 0x5a, 0);
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                futures.add(pool.submit(() -> driver.createSnapshot(new Snapshot(id, volume, SnapshotStatus.CREATING,
                        null, null))));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
            assertConsistent(volume, 12);
            futures.clear();
            for (String id : ids.subList(0, 9)) {
                futures.add(pool.submit(() -> driver.deleteSnapshot(new Snapshot(id, volume, SnapshotStatus.DELETING,
                        null, null))));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertConsistent(volume, 3);
        String active = driver.findVolume(volume.id()).orElseThrow().activeFile();
        assertThat(QemuIo.mismatch(share.resolve(active), "qcow2", 0x5a)).isNull();
    }

    @Test
    void differentVolumesSnapshotInParallel() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        List<Volume> volumes = List.of(created(driver), created(driver), created(driver), created(driver));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Volume volume : volumes) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 4; i++) {
                        driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING,
                                null, null));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        volumes.forEach(volume -> assertConsistent(volume, 4));
    }

    @Test
    void aCorruptInfoFileStopsEverySnapshotOperationAndStaysAsItWas() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        String id = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(id, volume, SnapshotStatus.CREATING, null, null));
        Path info = share.resolve(volume.name() + ".info");
        Files.writeString(info, "{\"active\": \"" + volume.name() + "." + id);
        Map<String, Long> before = LocalFsFixture.listing(share);
        Snapshot snapshot = new Snapshot(id, volume, SnapshotStatus.AVAILABLE, null, null);

        List<Runnable> operations = List.of(
                () -> driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING,
                        null, null)),
                () -> driver.deleteSnapshot(snapshot.withStatus(SnapshotStatus.DELETING)),
                () -> driver.createVolumeFromSnapshot(Volume.create(UUID.randomUUID().toString(), 1), snapshot),
                () -> driver.createClonedVolume(Volume.create(UUID.randomUUID().toString(), 1), volume),
                () -> driver.extendVolume(volume, 2),
                () -> driver.revertToSnapshot(volume, snapshot));
        for (Runnable operation : operations) {
            assertThatThrownBy(operation::run)
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_VOLUME));
        }
        assertThat(LocalFsFixture.listing(share)).isEqualTo(before);
        assertThat(Files.readString(info)).isEqualTo("{\"active\": \"" + volume.name() + "." + id);
    }
}
