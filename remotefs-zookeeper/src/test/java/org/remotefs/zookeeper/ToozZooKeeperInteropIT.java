package org.remotefs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.lock.LockEntry;

/**
 * remotefs's ZooKeeper locks against Python Cinder's, on one ZooKeeper: Debian's
 * {@code python3-tooz} ZooKeeper driver (on {@code python3-kazoo}'s {@code Lock}), configured as
 * Cinder's {@code [coordination] backend_url = zookeeper://...} with a member id as Cinder makes it
 * ({@code cinder-<uuid>}), locking {@code cinder-localfs-<volume id>}. Each excludes the other;
 * kazoo counts remotefs's node as a contender and reads its member id, remotefs lists Python's.
 * Skipped where python3-tooz is not installed (.ci/run installs it).
 */
final class ToozZooKeeperInteropIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String TOOZ = """
            import sys, uuid
            from tooz import coordination
            url, name, mode = sys.argv[1:4]
            member = ('cinder-' + str(uuid.uuid4())).encode('ascii')
            coordinator = coordination.get_coordinator(url, member)
            coordinator.start()
            print(member.decode('ascii'), flush=True)
            lock = coordinator.get_lock(name.encode('ascii'))
            if mode == 'hold':
                lock.acquire()
                print('locked', flush=True)
                sys.stdin.read()
                lock.release()
            elif mode == 'try':
                got = lock.acquire(blocking=False)
                print('acquired' if got else 'busy', flush=True)
                if got:
                    lock.release()
            else:
                # kazoo's own view of the contenders: the member ids their nodes hold
                print(','.join(lock._lock.contenders()), flush=True)
            coordinator.stop()
            """;

    @TempDir
    Path share;

    private TestingServer server;
    private Services services;
    private String url;

    @BeforeAll
    static void toozIsInstalled() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import tooz.drivers.zookeeper, kazoo.recipe.lock")
                .redirectErrorStream(true).start();
        assumeTrue(probe.waitFor() == 0, "python3-tooz (with python3-kazoo) is not installed");
    }

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
        services = new Services();
        url = "zookeeper://" + server.getConnectString() + "?timeout=5";
    }

    @AfterEach
    void stop() throws Exception {
        services.close();
        server.close();
    }

    @Test
    void whilePythonHoldsTheVolumeRemotefsWaitsFailsAfterItsTimeoutAndProceedsOnceReleased() throws Exception {
        VolumeDriver impatient = LocalFsDrivers.driver(share, services.open(url), 1);
        VolumeDriver patient = LocalFsDrivers.driver(share, services.open(url), 30);
        Volume volume = LocalFsDrivers.createVolume(impatient, UUID.randomUUID().toString());
        Map<String, String> before = LocalFsDrivers.listing(share);
        String name = "cinder-localfs-" + volume.id();

        Process python = tooz(name, "hold");
        CompletableFuture<Void> waiting;
        Snapshot snapshot = new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null);
        try (BufferedReader out = reader(python)) {
            String member = out.readLine();
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> impatient.createSnapshot(snapshot)).isInstanceOfSatisfying(RemoteFsException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
                        assertThat(e.details()).containsEntry("volume_id", volume.id()).containsEntry("lock", name)
                                .containsEntry("operation", "create_snapshot")
                                .containsEntry("holder_member_id", member);
                    });
            assertThat(LocalFsDrivers.listing(share)).isEqualTo(before);
            assertThat(services.open(url).locks()).extracting(LockEntry::memberId, LockEntry::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(member, LockEntry.State.HELD));

            waiting = CompletableFuture.runAsync(() -> patient.createSnapshot(snapshot));
            Thread.sleep(1000);
            assertThat(waiting).as("a snapshot create while Python Cinder holds the volume's lock").isNotDone();
            assertThat(LocalFsDrivers.listing(share)).isEqualTo(before);
        } finally {
            python.getOutputStream().close();
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(python.exitValue()).isZero();
        waiting.get(20, TimeUnit.SECONDS);
        assertThat(patient.findVolume(volume.id()).orElseThrow().snapshotIds()).containsExactly(snapshot.id());
    }

    @Test
    void whileRemotefsHoldsTheVolumeToozCannotTakeItAndKazooSeesRemotefsAsTheContender() throws Exception {
        ZooKeeperLockService locks = services.open(url);
        String name = "cinder-nfs-" + UUID.randomUUID();
        try (VolumeLockService.Lease lease = locks.acquire(name, "delete_snapshot", Duration.ZERO)) {
            assertThat(answer(tooz(name, "try"))).isEqualTo("busy");
            assertThat(answer(tooz(name, "contenders"))).isEqualTo(locks.member().value());
            lease.checkHeld();
        }
        assertThat(answer(tooz(name, "try"))).isEqualTo("acquired");
    }

    private Process tooz(String name, String mode) throws IOException {
        return new ProcessBuilder(List.of(PYTHON, "-c", TOOZ, url, name, mode))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The answer after the member id line. */
    private static String answer(Process process) throws Exception {
        process.getOutputStream().close();
        try (BufferedReader out = reader(process)) {
            out.readLine();
            String line = out.readLine();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            return line;
        }
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }
}
