package org.remotefs.zookeeper;

import java.util.Arrays;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.remotefs.api.spi.VolumeLockService;

/**
 * A held ZooKeeper lock. {@link #checkHeld()} — asked before every write of the operation — is
 * tooz's {@code ZooKeeperLock.is_still_owner}: the contender node still exists with this member's
 * data, and (stricter than tooz) the client still runs on the session that made it, which still
 * owns the node. Once the service saw
 * the session expire, or a check could not confirm it, the lease is lost for good and every later
 * check throws {@code LOCK_LOST}: the operation stops before its next write. Closing deletes the
 * node (kazoo's {@code release}).
 */
final class ZooKeeperLease implements VolumeLockService.Lease {
    private final String name;
    private final KazooLockRecipe.Held held;
    private final byte[] member;
    private final CuratorFramework client;
    private final ZooKeeperConnection connection;
    private final Runnable forget;
    private volatile String lostBecause;
    private boolean closed;

    ZooKeeperLease(String name, KazooLockRecipe.Held held, byte[] member, CuratorFramework client,
                   ZooKeeperConnection connection, Runnable forget) {
        this.name = name;
        this.held = held;
        this.member = member.clone();
        this.client = client;
        this.connection = connection;
        this.forget = forget;
    }

    @Override
    public String name() {
        return name;
    }

    /** The contender node this lease holds. */
    String node() {
        return held.node();
    }

    /** The service saw the session end: this lease is lost. */
    void lose(String why) {
        if (lostBecause == null) {
            lostBecause = why;
        }
    }

    @Override
    public void checkHeld() {
        if (lostBecause == null) {
            lostBecause = confirm();
        }
        if (lostBecause != null) {
            throw ZooKeeperErrors.lost(name, connection.url(), lostBecause);
        }
    }

    /**
     * Null when ZooKeeper confirms the node is still this session's, else why not. A connection
     * lost meanwhile (a server of the ensemble failing) is waited for, at most the connect wait:
     * a session that survives reconnects within it.
     */
    private String confirm() {
        long deadline = System.nanoTime() + connection.connectWait().toNanos();
        while (true) {
            if (!connection.awaitConnectedUntil(deadline, name)) {
                return "no connection to ZooKeeper within " + connection.connectWait().toMillis() + " ms";
            }
            try {
                if (client.getZookeeperClient().getZooKeeper().getSessionId() != held.sessionId()) {
                    // the client runs on a new session: the old one ended, whether or not ZooKeeper
                    // has removed its node yet
                    return "the session that took the lock ended";
                }
                Stat stat = new Stat();
                byte[] data = client.getData().storingStatIn(stat).forPath(held.node());
                if (stat.getEphemeralOwner() != held.sessionId()) {
                    return "the node belongs to another session";
                }
                return Arrays.equals(data, member) ? null : "the node holds another member's id";
            } catch (KeeperException.NoNodeException gone) {
                return "the session expired and ZooKeeper removed the lock's node";
            } catch (KeeperException.ConnectionLossException e) {
                if (System.nanoTime() - deadline >= 0) {
                    return "the session could not be confirmed: " + e.getMessage();
                }
                pause();
            } catch (KeeperException.SessionExpiredException e) {
                return "the session expired";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted while confirming the lock";
            } catch (Exception e) {
                return "the lock could not be confirmed: " + e;
            }
        }
    }

    /** A short pause before asking again, while the client notices its connection is gone. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * kazoo's {@code release}: deletes the node. While connected, at once, so that the next
     * contender is woken before this returns; otherwise Curator's guaranteed delete does it once the
     * connection is back (or the node goes with the session). Never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        forget.run();
        try {
            if (lostBecause == null && client.getZookeeperClient().isConnected()) {
                client.delete().guaranteed().forPath(held.node());
            } else {
                client.delete().guaranteed().inBackground().forPath(held.node());
            }
        } catch (KeeperException.NoNodeException gone) {
            // gone with its session
        } catch (Exception e) {
            // the guaranteed delete retries it in the background; the session's end removes it anyway
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
