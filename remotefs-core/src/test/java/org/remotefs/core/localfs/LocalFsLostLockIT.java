package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

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
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.lock.InProcessLockService;

import com.typesafe.config.ConfigUtil;

/**
 * A lock service that loses a lock (as a distributed session that expires does) stops the
 * operation before its next write: the driver asks its leases before every external command.
 */
final class LocalFsLostLockIT {
    @TempDir
    Path share;

    /** In-process locks whose leases report themselves lost once {@code lost} is set. */
    private static final class LosingLocks implements VolumeLockService {
        private final VolumeLockService locks = new InProcessLockService(StopSignal.never());
        private final AtomicBoolean lost = new AtomicBoolean();

        @Override
        public Lease acquire(String name, String operation, Duration timeout) {
            Lease lease = locks.acquire(name, operation, timeout);
            return new Lease() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void checkHeld() {
                    if (lost.get()) {
                        throw new RemoteFsException(ErrorCode.LOCK_LOST, "lock " + name + " was lost",
                                Map.of("lock", name));
                    }
                }

                @Override
                public void close() {
                    lease.close();
                }
            };
        }

        @Override
        public void close() {
            locks.close();
        }
    }

    @Test
    void anOperationWhoseLockIsLostStopsBeforeItWritesAndOneWhoseLockHoldsGoesOn() throws Exception {
        LosingLocks locks = new LosingLocks();
        VolumeDriver driver = driver(locks);
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        Volume created = volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat("raw");
        Map<String, Long> before = LocalFsFixture.listing(share);

        locks.lost.set(true);
        assertThatThrownBy(() -> driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), created,
                SnapshotStatus.CREATING, null, null)))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST));
        assertThat(LocalFsFixture.listing(share)).isEqualTo(before);

        locks.lost.set(false);
        driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), created, SnapshotStatus.CREATING, null, null));
        assertThat(share.resolve(volume.name() + ".info")).exists();
    }

    private VolumeDriver driver(VolumeLockService locks) {
        String text = "remotefs.backends.t { driver = localfs, nas_share_path = " + ConfigUtil.quoteString(share.toString())
                + " }";
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader());
        LocalFsDriverProvider provider = new LocalFsDriverProvider();
        BackendSettings settings = new SettingsReader().read("t", configuration.settingsBlock("t", "localfs"),
                provider.options());
        return provider.create(DriverContext.of(settings).withLockService(locks));
    }
}
