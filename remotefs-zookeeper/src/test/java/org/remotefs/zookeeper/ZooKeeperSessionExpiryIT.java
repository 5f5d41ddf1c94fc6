package org.remotefs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;

/**
 * A ZooKeeper session that expires while an operation holds its volume's lock (Curator's
 * {@link KillSession}) stops the operation before its next command with {@code LOCK_LOST}; what it
 * had done is what a kill at that point leaves — nothing, or a step the next attempt finishes —
 * and the next operation, on a new session, succeeds.
 */
final class ZooKeeperSessionExpiryIT {
    @TempDir
    Path share;

    private TestingServer server;
    private Services services;
    private ZooKeeperLockService locks;

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
        services = new Services();
        // a short session, so that ZooKeeper drops the expired session's node soon
        locks = services.open("zookeeper://" + server.getConnectString() + "?timeout=2");
    }

    @AfterEach
    void stop() throws Exception {
        services.close();
        server.close();
    }

    /** Runs commands, and expires the lock service's session once, before or after the first that matches. */
    private final class ExpiringRunner implements CommandRunner {
        private final CommandRunner delegate;
        private final Predicate<Command> trigger;
        private final boolean afterIt;
        private final AtomicBoolean done = new AtomicBoolean();
        final List<String> ran = new ArrayList<>();

        ExpiringRunner(CommandRunner delegate, Predicate<Command> trigger, boolean afterIt) {
            this.delegate = delegate;
            this.trigger = trigger;
            this.afterIt = afterIt;
        }

        @Override
        public CommandResult run(Command command) {
            boolean now = trigger.test(command) && !done.getAndSet(true);
            if (now && !afterIt) {
                expire();
            }
            CommandResult result = delegate.run(command);
            ran.add(String.join(" ", command.arguments()));
            if (now && afterIt) {
                expire();
            }
            return result;
        }
    }

    private void expire() {
        CountDownLatch lost = new CountDownLatch(1);
        locks.client().getConnectionStateListenable().addListener((c, state) -> {
            if (state == ConnectionState.LOST) {
                lost.countDown();
            }
        });
        try {
            KillSession.kill(locks.client().getZookeeperClient().getZooKeeper());
            assertThat(lost.await(10, TimeUnit.SECONDS)).as("Curator reports the session lost").isTrue();
        } catch (Exception e) {
            throw new AssertionError("cannot expire the session", e);
        }
    }

    private static Predicate<Command> qemuImg(String subcommand) {
        return command -> command.arguments().size() > 1 && command.arguments().get(0).endsWith("qemu-img")
                && command.arguments().contains(subcommand);
    }

    /**
     * The ZooKeeper locks, expiring their session once right after the next lock of {@code operation}
     * is taken: the moment before an operation's first write. (A snapshot's overlay is written
     * in-process, with no command to hook, so the expiry comes from the lock service itself.)
     */
    private VolumeLockService expiringAfterAcquire(String operation) {
        AtomicBoolean armed = new AtomicBoolean(true);
        return new VolumeLockService() {
            @Override
            public Lease acquire(String name, String op, java.time.Duration timeout) {
                Lease lease = locks.acquire(name, op, timeout);
                if (op.equals(operation) && armed.getAndSet(false)) {
                    expire();
                }
                return lease;
            }

            @Override
            public void close() {
                locks.close();
            }
        };
    }

    @Test
    void aSnapshotCreateWhoseSessionExpiresBeforeItsOverlayWritesNothing() throws Exception {
        ExpiringRunner[] runner = new ExpiringRunner[1];
        VolumeDriver driver = LocalFsDrivers.driver(share, expiringAfterAcquire("create_snapshot"), 30, delegate -> {
            runner[0] = new ExpiringRunner(delegate, command -> false, false);
            return runner[0];
        });
        Volume volume = LocalFsDrivers.createVolume(driver, UUID.randomUUID().toString());
        Map<String, String> before = LocalFsDrivers.listing(share);
        Snapshot snapshot = new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null);

        assertThatThrownBy(() -> driver.createSnapshot(snapshot)).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST);
            assertThat(e.details()).containsEntry("lock", "cinder-localfs-" + volume.id());
        });
        assertThat(runner[0].ran).as("commands run").isEmpty();
        assertThat(LocalFsDrivers.listing(share)).isEqualTo(before);

        // the next attempt takes the lock on a new session (once ZooKeeper dropped the old one's node)
        driver.createSnapshot(snapshot);
        assertThat(driver.findVolume(volume.id()).orElseThrow().snapshotIds()).containsExactly(snapshot.id());
    }

    @Test
    void aSnapshotDeleteWhoseSessionExpiresAfterTheMergeStopsThereAndTheRetryFinishesIt() throws Exception {
        ExpiringRunner[] runner = new ExpiringRunner[1];
        VolumeDriver driver = LocalFsDrivers.driver(share, locks, 30, delegate -> {
            runner[0] = new ExpiringRunner(delegate, qemuImg("commit"), true);
            return runner[0];
        });
        Volume volume = LocalFsDrivers.createVolume(driver, UUID.randomUUID().toString());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Snapshot snapshot = new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null);
            driver.createSnapshot(snapshot);
            ids.add(snapshot.id());
        }
        // data in the middle snapshot's overlay: its merge is qemu-img's (an overlay that holds
        // nothing is merged in-process, with no command after which to expire the session)
        Process write = new ProcessBuilder("qemu-io", "-f", "qcow2", "-c", "write -q -P 0x5c 0 64k",
                share.resolve(volume.name() + "." + ids.get(1)).toString()).redirectErrorStream(true).start();
        assertThat(new String(write.getInputStream().readAllBytes()) + write.waitFor()).isEqualTo("0");
        Path info = share.resolve(volume.name() + ".info");
        String infoBefore = Files.readString(info);
        Snapshot middle = new Snapshot(ids.get(1), volume, SnapshotStatus.DELETING, null, null);
        runner[0].ran.clear();

        assertThatThrownBy(() -> driver.deleteSnapshot(middle)).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST));
        assertThat(runner[0].ran).as("the merge ran, nothing after it").singleElement().asString().contains("commit");
        // the info file was not touched: it still names every snapshot, each file still there
        assertThat(Files.readString(info)).isEqualTo(infoBefore);
        StoredVolume stopped = driver.findVolume(volume.id()).orElseThrow();
        assertThat(stopped.snapshotIds()).containsExactlyElementsOf(ids);

        driver.deleteSnapshot(middle);
        StoredVolume after = driver.findVolume(volume.id()).orElseThrow();
        assertThat(after.snapshotIds()).containsExactly(ids.get(0), ids.get(2));
        assertThat(share.resolve(volume.name() + "." + ids.get(1))).doesNotExist();
    }
}
