package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
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
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.registry.DriverRegistry;

import com.typesafe.config.ConfigUtil;

/**
 * remotefs's default file locks against Python Cinder's: Debian's {@code python3-tooz} file driver,
 * configured as Cinder's {@code [coordination] backend_url = file://DIR}, locking
 * {@code cinder-localfs-<volume id>} as Cinder's {@code coordination.synchronized} names it. Each
 * excludes the other on the same volume. Skipped where python3-tooz is not installed (.ci/run
 * installs it).
 */
final class ToozLockCompatibilityIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String TOOZ = """
            import sys
            from tooz import coordination
            coordinator = coordination.get_coordinator('file://' + sys.argv[1], b'python-cinder-volume')
            coordinator.start()
            lock = coordinator.get_lock(sys.argv[2].encode('ascii'))
            if sys.argv[3] == 'hold':
                lock.acquire()
                print('locked', flush=True)
                sys.stdin.read()
                lock.release()
            else:
                got = lock.acquire(blocking=False)
                print('acquired' if got else 'busy', flush=True)
                if got:
                    lock.release()
            coordinator.stop()
            """;

    @TempDir
    Path work;

    @BeforeAll
    static void toozIsInstalled() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import tooz.drivers.file").redirectErrorStream(true).start();
        assumeTrue(probe.waitFor() == 0, "python3-tooz is not installed");
    }

    @Test
    void aVolumeLockedByToozIsRefusedAfterLockTimeoutAndNothingChanges() throws Exception {
        Path locks = work.resolve("cinder-state");
        Path share = Files.createDirectories(work.resolve("share"));
        VolumeDriver driver = LocalFsFixture.driver(share, "lock_timeout = 1",
                "remotefs.coordination.backend_url = " + ConfigUtil.quoteString("file://" + locks));
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        Volume created = volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat("raw");
        Map<String, Long> before = LocalFsFixture.listing(share);

        Process tooz = tooz(locks, "cinder-localfs-" + volume.id(), "hold");
        try (BufferedReader out = reader(tooz)) {
            assertThat(out.readLine()).isEqualTo("locked");
            Snapshot snapshot = new Snapshot(UUID.randomUUID().toString(), created, SnapshotStatus.CREATING, null, null);
            assertThatThrownBy(() -> driver.createSnapshot(snapshot))
                    .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
                        assertThat(e.details()).containsEntry("volume_id", volume.id())
                                .containsEntry("lock", "cinder-localfs-" + volume.id())
                                .containsEntry("operation", "create_snapshot");
                    });
            assertThat(LocalFsFixture.listing(share)).isEqualTo(before);
        } finally {
            tooz.getOutputStream().close();
            assertThat(tooz.waitFor()).isZero();
        }
        driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), created, SnapshotStatus.CREATING, null, null));
        assertThat(share.resolve(volume.name() + ".info")).exists();
    }

    @Test
    void toozCannotTakeAVolumeLockRemotefsHolds() throws Exception {
        Path locks = work.resolve("cinder-state");
        ClassLoader loader = getClass().getClassLoader();
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(
                "remotefs.coordination.backend_url = " + ConfigUtil.quoteString("file://" + locks), "test", loader);
        String name = "cinder-nfs-" + UUID.randomUUID();
        try (DriverRegistry registry = DriverRegistry.discover(loader)) {
            VolumeLockService service = registry.hostServices(configuration).locks();
            try (VolumeLockService.Lease lease = service.acquire(name, "delete_snapshot", Duration.ofSeconds(5))) {
                assertThat(answer(tooz(locks, name, "try"))).isEqualTo("busy");
            }
            assertThat(answer(tooz(locks, name, "try"))).isEqualTo("acquired");
        }
        assertThat(locks.resolve(name)).as("the very file tooz locks").isRegularFile();
    }

    private static Process tooz(Path locks, String name, String mode) throws IOException {
        return new ProcessBuilder(List.of(PYTHON, "-c", TOOZ, locks.toString(), name, mode))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String answer(Process process) throws Exception {
        process.getOutputStream().close();
        try (BufferedReader out = reader(process)) {
            String line = out.readLine();
            assertThat(process.waitFor()).isZero();
            return line;
        }
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
}
