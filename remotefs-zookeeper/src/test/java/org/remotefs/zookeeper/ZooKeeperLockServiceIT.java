package org.remotefs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.host.StopFlag;
import org.remotefs.core.lock.LockEntry;

/**
 * ZooKeeper locks against a real ZooKeeper (Curator's TestingServer, in this JVM, on loopback):
 * two services — two hosts, as far as ZooKeeper can tell — exclude each other, waits end at the
 * lock time-out naming the holder or when the holder releases, the nodes are kazoo's, the listing
 * shows holder and waiters, a stop ends a wait, and a ZooKeeper that is down is a clear error.
 */
final class ZooKeeperLockServiceIT {
    private TestingServer server;
    private Services services;
    private String url;
    private final String name = "cinder-nfs-" + UUID.randomUUID();

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
    void aWaiterProceedsOnceTheHolderReleases() throws Exception {
        ZooKeeperLockService first = services.open(url);
        ZooKeeperLockService second = services.open(url);
        VolumeLockService.Lease held = first.acquire(name, "create_snapshot", Duration.ZERO);

        CompletableFuture<VolumeLockService.Lease> waiting = CompletableFuture.supplyAsync(
                () -> second.acquire(name, "delete_snapshot", Duration.ofSeconds(20)));
        Thread.sleep(500);
        assertThat(waiting).as("a second contender while the first holds the lock").isNotDone();

        held.close();
        try (VolumeLockService.Lease next = waiting.get(5, TimeUnit.SECONDS)) {
            next.checkHeld();
            assertThat(next.name()).isEqualTo(name);
        }
    }

    @Test
    void aWaiterGivesUpAtItsTimeoutNamingTheHolderAndLeavesNoNode() throws Exception {
        ZooKeeperLockService holder = services.open(url);
        ZooKeeperLockService waiter = services.open(url);
        CuratorFramework observer = services.observer(server.getConnectString());
        try (VolumeLockService.Lease held = holder.acquire(name, "create_snapshot", Duration.ZERO)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> waiter.acquire(name, "delete_snapshot", Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
                        assertThat(e.details()).containsEntry("lock", name)
                                .containsEntry("lock_timeout", "1")
                                .containsEntry("holder_member_id", holder.member().value())
                                .containsEntry("holder_host", holder.member().host().orElseThrow())
                                .containsEntry("holder_pid", Long.toString(ProcessHandle.current().pid()))
                                .containsEntry("coordination_url", url)
                                .containsKey("holder_since");
                    });
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(waited).as("ms waited for a lock_timeout of 1 s").isBetween(900L, 4000L);
            assertThat(observer.getChildren().forPath("/tooz/locks/" + name)).as("the waiter's node is removed")
                    .hasSize(1);
            // zero tries once
            assertThatThrownBy(() -> waiter.acquire(name, "extend_volume", Duration.ZERO))
                    .isInstanceOfSatisfying(RemoteFsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST));
            held.checkHeld();
        }
        try (VolumeLockService.Lease lease = waiter.acquire(name, "extend_volume", Duration.ZERO)) {
            lease.checkHeld();
        }
    }

    @Test
    void nodesAreKazoosUnderToozsLockPathHoldingTheMemberIdOnly() throws Exception {
        ZooKeeperLockService service = services.open(url);
        CuratorFramework observer = services.observer(server.getConnectString());
        try (VolumeLockService.Lease lease = service.acquire(name, "create_snapshot", Duration.ZERO)) {
            List<String> children = observer.getChildren().forPath("/tooz/locks/" + name);
            assertThat(children).singleElement().asString().matches("[0-9a-f]{32}__lock__\\d{10}");
            byte[] data = observer.getData().forPath("/tooz/locks/" + name + "/" + children.get(0));
            assertThat(new String(data, StandardCharsets.US_ASCII)).isEqualTo(service.member().value())
                    .isEqualTo("remotefs:" + service.member().host().orElseThrow() + ":" + ProcessHandle.current().pid());
            assertThat(observer.checkExists().forPath("/tooz/locks/" + name + "/" + children.get(0)).getEphemeralOwner())
                    .as("ephemeral").isNotZero();
        }
        assertThat(observer.getChildren().forPath("/tooz/locks/" + name)).as("released: node deleted").isEmpty();
    }

    @Test
    void theNamespaceOptionMovesTheLocks() throws Exception {
        ZooKeeperLockService service = services.open("zookeeper://" + server.getConnectString() + "?namespace=region1");
        CuratorFramework observer = services.observer(server.getConnectString());
        try (VolumeLockService.Lease lease = service.acquire(name, "create_snapshot", Duration.ZERO)) {
            assertThat(observer.getChildren().forPath("/region1/locks/" + name)).hasSize(1);
            assertThat(observer.checkExists().forPath("/tooz")).isNull();
        }
    }

    @Test
    void theListingShowsTheHolderThenTheWaitersWithMemberIdsAndSince() throws Exception {
        ZooKeeperLockService holder = services.open(url);
        ZooKeeperLockService waiter = services.open(url);
        try (VolumeLockService.Lease held = holder.acquire(name, "create_snapshot", Duration.ZERO)) {
            CompletableFuture<VolumeLockService.Lease> waiting = CompletableFuture.supplyAsync(
                    () -> waiter.acquire(name, "delete_snapshot", Duration.ofSeconds(20)));
            awaitContenders(holder, 2);

            List<LockEntry> entries = waiter.locks();

            assertThat(entries).extracting(LockEntry::lock, LockEntry::state, LockEntry::memberId, LockEntry::pid)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(name, LockEntry.State.HELD, holder.member().value(),
                                    ProcessHandle.current().pid()),
                            org.assertj.core.groups.Tuple.tuple(name, LockEntry.State.WAITING, waiter.member().value(),
                                    ProcessHandle.current().pid()));
            assertThat(entries).allSatisfy(e -> {
                assertThat(e.since()).isNotNull();
                assertThat(e.detail()).startsWith("/tooz/locks/" + name + "/");
            });
            assertThat(holder.location()).isEqualTo(url);
            held.close();
            waiting.get(5, TimeUnit.SECONDS).close();
        }
        assertThat(holder.locks()).isEmpty();
    }

    @Test
    void aStopEndsAWaitAtOnce() throws Exception {
        StopFlag stop = new StopFlag();
        ZooKeeperLockService holder = services.open(url);
        ZooKeeperLockService waiter = services.open(url, stop);
        try (VolumeLockService.Lease held = holder.acquire(name, "create_snapshot", Duration.ZERO)) {
            CompletableFuture<VolumeLockService.Lease> waiting = CompletableFuture.supplyAsync(
                    () -> waiter.acquire(name, "delete_snapshot", Duration.ofSeconds(60)));
            awaitContenders(holder, 2);
            stop.request("SIGTERM");
            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RemoteFsException.class)
                    .cause().satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INTERRUPTED));
            assertThat(holder.locks()).hasSize(1);
        }
    }

    @Test
    void aZooKeeperThatIsDownAtStartIsAnErrorNamingTheUrlWithinItsTimeout() throws Exception {
        int port = server.getPort();
        server.close();
        String down = "zookeeper://127.0.0.1:" + port + "?timeout=1";
        ZooKeeperLockService service = services.open(down);
        long start = System.nanoTime();

        assertThatThrownBy(() -> service.acquire(name, "create_snapshot", Duration.ofSeconds(600)))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
                    assertThat(e.details()).containsEntry("coordination_url", down).containsEntry("reason", "unreachable");
                });
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
        assertThatThrownBy(service::locks).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
            assertThat(e.details()).containsEntry("coordination_url", down).containsEntry("reason", "unreachable");
        });
    }

    @Test
    void aZooKeeperThatGoesDownDuringAWaitEndsItLongBeforeTheLockTimeout() throws Exception {
        String shortSession = "zookeeper://" + server.getConnectString() + "?timeout=2";
        ZooKeeperLockService holder = services.open(shortSession);
        ZooKeeperLockService waiter = services.open(shortSession);
        VolumeLockService.Lease held = holder.acquire(name, "create_snapshot", Duration.ZERO);
        CompletableFuture<VolumeLockService.Lease> waiting = CompletableFuture.supplyAsync(
                () -> waiter.acquire(name, "delete_snapshot", Duration.ofSeconds(120)));
        awaitContenders(holder, 2);

        server.stop();

        assertThatThrownBy(() -> waiting.get(15, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
                    assertThat(e.details()).containsEntry("coordination_url", shortSession);
                });
        // the holder cannot confirm its lock either: its operation would stop before its next write
        assertThatThrownBy(held::checkHeld).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST));
        held.close();
    }

    @Test
    void aNodeRemovedBehindTheHoldersBackIsALostLock() throws Exception {
        ZooKeeperLockService service = services.open(url);
        CuratorFramework observer = services.observer(server.getConnectString());
        try (VolumeLockService.Lease lease = service.acquire(name, "create_snapshot", Duration.ZERO)) {
            lease.checkHeld();
            String node = observer.getChildren().forPath("/tooz/locks/" + name).get(0);
            observer.delete().forPath("/tooz/locks/" + name + "/" + node);

            assertThatThrownBy(lease::checkHeld).isInstanceOfSatisfying(RemoteFsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST);
                assertThat(e.details()).containsEntry("lock", name);
            });
        }
    }

    @Test
    void credentialsInTheUrlGiveTheNodesToozsDigestAcl() throws Exception {
        ZooKeeperLockService service = services.open("zookeeper://cinder:secret@" + server.getConnectString());
        CuratorFramework cinder = services.observer(server.getConnectString(), "cinder:secret");
        CuratorFramework anybody = services.observer(server.getConnectString());
        try (VolumeLockService.Lease lease = service.acquire(name, "create_snapshot", Duration.ZERO)) {
            assertThatThrownBy(() -> anybody.getChildren().forPath("/tooz/locks/" + name))
                    .isInstanceOf(org.apache.zookeeper.KeeperException.NoAuthException.class);
            assertThat(cinder.getChildren().forPath("/tooz/locks/" + name)).hasSize(1);
            List<ACL> acl = cinder.getACL().forPath("/tooz/locks/" + name);
            assertThat(acl).singleElement().satisfies(entry -> {
                assertThat(entry.getPerms()).isEqualTo(ZooDefs.Perms.ALL);
                assertThat(entry.getId().getScheme()).isEqualTo("digest");
                assertThat(entry.getId().getId()).isEqualTo(ZooKeeperLockServiceProvider.digest("cinder:secret"));
            });
            assertThat(service.location()).isEqualTo("zookeeper://cinder:***@" + server.getConnectString());
        }
    }

    private static void awaitContenders(ZooKeeperLockService service, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (service.locks().size() < count) {
            assertThat(System.nanoTime()).as("%s contenders within 10 s", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
