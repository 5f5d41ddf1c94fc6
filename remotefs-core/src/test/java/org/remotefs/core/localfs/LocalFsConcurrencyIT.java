package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;

/** One driver used by several threads, as a volume service uses it. */
final class LocalFsConcurrencyIT {
    @TempDir
    Path dir;

    @Test
    void racingCreatesOfOneIdMakeOneVolume() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(dir, "");
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);

        List<Object> outcomes = runTogether(8, () -> driver.createVolume(volume));

        assertThat(outcomes).filteredOn(o -> !(o instanceof RemoteFsException)).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof RemoteFsException)
                .allSatisfy(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.VOLUME_EXISTS));
        assertThat(driver.listVolumes()).extracting(StoredVolume::id).containsExactly(volume.id());
    }

    @Test
    void createsAndDeletesOfManyVolumesInParallelLoseNothing() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(dir, "");
        List<Volume> volumes = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            volumes.add(Volume.create(UUID.randomUUID().toString(), 1 + i % 3).withProviderLocation(dir.toString()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Volume volume : volumes) {
                futures.add(pool.submit(() -> driver.createVolume(volume)));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
            futures.clear();
            for (Volume volume : volumes.subList(0, 12)) {
                futures.add(pool.submit(() -> driver.deleteVolume(volume)));
            }
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(driver.listVolumes()).extracting(StoredVolume::id)
                .containsExactlyInAnyOrderElementsOf(volumes.subList(12, 24).stream().map(Volume::id).toList());
        double expectedGb = volumes.subList(12, 24).stream().mapToInt(Volume::size).sum();
        assertThat(driver.getVolumeStats(true).provisionedCapacityGb()).isEqualTo(expectedGb);
    }

    private static List<Object> runTogether(int threads, Callable<Object> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (RemoteFsException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
