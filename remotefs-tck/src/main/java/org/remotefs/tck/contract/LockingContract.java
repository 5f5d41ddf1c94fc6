package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Tck;

/**
 * The driver serialises on the host's lock service, under Cinder's lock names: a volume's
 * operations take {@code cinder-<driver prefix>-<volume id>} from the service in its context (so
 * that a service shared with other processes, or with Python Cinder's tooz, excludes them), and an
 * operation waits while that lock is held elsewhere.
 */
@RemoteFsContract
class LockingContract {
    private static final Duration HELD = Duration.ofSeconds(1);

    @Test
    void aVolumeOperationTakesCindersLockNameFromTheHostsLockService(Tck tck) {
        int before = tck.locks().names().size();
        Volume volume = tck.newVolume(1);

        List<String> taken = tck.locks().names().subList(before, tck.locks().names().size());
        assertThat(taken).as("locks taken to create volume %s", volume.id())
                .anyMatch(name -> name.matches("cinder-[a-z0-9_]+-" + volume.id()));
    }

    @Test
    void aDeleteWaitsWhileTheVolumesLockIsHeldElsewhere(Tck tck) throws Exception {
        int before = tck.locks().names().size();
        Volume volume = tck.newVolume(1);
        String name = tck.locks().names().subList(before, tck.locks().names().size()).stream()
                .filter(n -> n.endsWith("-" + volume.id())).findFirst().orElseThrow();

        CompletableFuture<Void> delete;
        try (VolumeLockService.Lease held = tck.locks().acquire(name, "tck", Duration.ofSeconds(30))) {
            delete = CompletableFuture.runAsync(() -> tck.driver().deleteVolume(volume));
            Thread.sleep(HELD.toMillis());
            assertThat(delete).as("a delete while %s is held elsewhere", name).isNotDone();
            assertThat(tck.driver().findVolume(volume.id())).isPresent();
        }
        delete.get(5, TimeUnit.MINUTES);
        assertThat(tck.driver().findVolume(volume.id())).isEmpty();
    }
}
