package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.CinderJson;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** Parallel operations on one volume and across volumes: the info file always valid, nothing lost. */
@RemoteFsContract
class ConcurrencyContract {

    private static void all(List<Runnable> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            tasks.forEach(task -> futures.add(pool.submit(task)));
            for (Future<?> future : futures) {
                future.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void parallelSnapshotsOfOneVolumeMakeOneValidChain(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        tck.write(volume, 0x71, 0);
        List<String> ids = new ArrayList<>();
        List<Runnable> creates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            creates.add(() -> tck.driver().createSnapshot(new Snapshot(id, volume, SnapshotStatus.CREATING, null, null)));
        }
        all(creates);

        Map<String, String> info = tck.info(volume);
        assertThat(info).hasSize(9).containsKeys(ids.toArray(String[]::new));
        assertThat(tck.infoText(volume)).isEqualTo(CinderJson.infoFile(info));
        assertThat(tck.stored(volume).snapshotIds()).hasSize(8);

        List<Runnable> deletes = new ArrayList<>();
        for (String id : ids.subList(0, 6)) {
            deletes.add(() -> tck.driver().deleteSnapshot(new Snapshot(id, volume, SnapshotStatus.DELETING, null, null)));
        }
        all(deletes);

        assertThat(tck.info(volume)).hasSize(3);
        assertThat(tck.mismatch(volume, 0x71)).isNull();
    }

    @Test
    void parallelCreatesAndDeletesAcrossVolumesLoseNothing(Tck tck) throws Exception {
        List<Volume> volumes = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Runnable> creates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            creates.add(() -> volumes.add(tck.newVolume(1)));
        }
        all(creates);

        assertThat(tck.driver().listVolumes()).extracting(v -> v.id())
                .containsAll(volumes.stream().map(Volume::id).toList());
        List<Runnable> deletes = new ArrayList<>();
        for (Volume volume : volumes.subList(0, 4)) {
            deletes.add(() -> tck.driver().deleteVolume(volume));
        }
        all(deletes);
        for (int i = 0; i < volumes.size(); i++) {
            assertThat(tck.driver().findVolume(volumes.get(i).id()).isPresent()).isEqualTo(i >= 4);
        }
    }
}
