package org.remotefs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.VolumeLockService;

/**
 * An ensemble of three ZooKeeper servers (Curator's TestingCluster, loopback): when the server the
 * lock holder is connected to dies, its client moves to another within the session's time-out, the
 * session survives, and so does the lock — the holder's check before its next write passes, and
 * nobody else can take the lock until it is released.
 */
final class ZooKeeperEnsembleIT {

    @Test
    void theLockSurvivesTheDeathOfTheServerItsHolderIsConnectedTo() throws Exception {
        String name = "cinder-nfs-" + UUID.randomUUID();
        try (TestingCluster cluster = new TestingCluster(3); Services services = new Services()) {
            cluster.start();
            String url = "zookeeper://" + cluster.getConnectString() + "?timeout=10";
            ZooKeeperLockService holder = services.open(url);
            ZooKeeperLockService other = services.open(url);
            try (VolumeLockService.Lease lease = holder.acquire(name, "delete_snapshot", Duration.ofSeconds(30))) {
                InstanceSpec connected = cluster.findConnectionInstance(holder.client().getZookeeperClient().getZooKeeper());
                assertThat(connected).as("the server the holder is connected to").isNotNull();
                long session = holder.client().getZookeeperClient().getZooKeeper().getSessionId();

                assertThat(cluster.killServer(connected)).isTrue();

                lease.checkHeld();
                assertThat(holder.client().getZookeeperClient().getZooKeeper().getSessionId()).as("the same session")
                        .isEqualTo(session);
                assertThat(cluster.findConnectionInstance(holder.client().getZookeeperClient().getZooKeeper()))
                        .isNotEqualTo(connected);
                assertThatThrownBy(() -> other.acquire(name, "create_snapshot", Duration.ZERO))
                        .isInstanceOfSatisfying(RemoteFsException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST));
            }
            try (VolumeLockService.Lease lease = other.acquire(name, "create_snapshot", Duration.ofSeconds(10))) {
                lease.checkHeld();
            }
        }
    }
}
