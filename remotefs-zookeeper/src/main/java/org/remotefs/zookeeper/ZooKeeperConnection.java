package org.remotefs.zookeeper;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;

/**
 * Waits, boundedly, for the client's connection before a ZooKeeper call, so that a ZooKeeper that
 * is down is a clear error naming the URL, never a hang. The first connection may take up to the
 * connect wait (tooz's {@code start(timeout=...)}: the URL's {@code timeout}), whatever the lock
 * time-out; a connection lost during a lock wait is waited for until the lock's deadline, at most
 * the connect wait; a lease's check waits at most the connect wait, within which a session that
 * survives (an ensemble member failing over) reconnects.
 */
final class ZooKeeperConnection {
    private final CuratorFramework client;
    private final ZooKeeperUrl url;
    private final Duration connectWait;
    private volatile boolean connectedOnce;

    ZooKeeperConnection(CuratorFramework client, ZooKeeperUrl url, Duration connectWait) {
        this.client = client;
        this.url = url;
        this.connectWait = connectWait;
    }

    /** Before a lock wait's call: connected, or {@code CONCURRENT_REQUEST} naming the URL. */
    void awaitForLock(long deadlineNanos, String lock) {
        long bound = connectedOnce ? Math.min(connectWait.toNanos(), Math.max(0, deadlineNanos - System.nanoTime()))
                : connectWait.toNanos();
        if (!await(bound, lock)) {
            throw ZooKeeperErrors.unreachable(lock, url, connectedOnce ? Duration.ofNanos(bound) : connectWait);
        }
    }

    /** Before any other call: whether the client is connected within the connect wait. */
    boolean awaitConnected(String lock) {
        return await(connectWait.toNanos(), lock);
    }

    /** Whether the client is connected by the deadline (at once when it has passed). */
    boolean awaitConnectedUntil(long deadlineNanos, String lock) {
        return await(Math.max(0, deadlineNanos - System.nanoTime()), lock);
    }

    private boolean await(long nanos, String lock) {
        if (client.getZookeeperClient().isConnected()) {
            connectedOnce = true;
            return true;
        }
        try {
            boolean connected = nanos > 0 && client.blockUntilConnected((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)),
                    TimeUnit.MILLISECONDS);
            connectedOnce |= connected;
            return connected;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ZooKeeperErrors.interrupted(lock);
        }
    }

    Duration connectWait() {
        return connectWait;
    }

    ZooKeeperUrl url() {
        return url;
    }
}
