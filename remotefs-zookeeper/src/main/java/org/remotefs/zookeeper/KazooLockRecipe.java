package org.remotefs.zookeeper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;

/**
 * kazoo's {@code Lock.acquire} ({@code kazoo/recipe/lock.py}) on Curator's framework: the same
 * nodes in the same place with the same data, queued the same way, so that remotefs and kazoo
 * contenders (tooz, Python Cinder) for one lock exclude each other. Curator's
 * {@code InterProcessMutex} is not used: it names its nodes {@code _c_<uuid>-lock-<sequence>},
 * which kazoo does not count as contenders, so each side would think it held the lock.
 *
 * <p>Curator's client runs with no retries of its own: a retried create could leave a second node
 * behind. Retrying is done here as kazoo's {@code KazooRetry} does it around
 * {@code _inner_acquire}: after a lost connection the contender finds its node by its prefix
 * before it makes another.
 */
final class KazooLockRecipe {
    private final CuratorFramework client;
    private final ZooKeeperConnection connection;
    private final KazooNodes nodes;
    private final StopSignal stop;
    /** Lock nodes known to exist (kazoo's {@code assured_path}, kept for the service's life). */
    private final Set<String> assured = ConcurrentHashMap.newKeySet();

    KazooLockRecipe(CuratorFramework client, ZooKeeperConnection connection, KazooNodes nodes, StopSignal stop) {
        this.client = client;
        this.connection = connection;
        this.nodes = nodes;
        this.stop = stop;
    }

    /** A lock this process holds: its contender node, and the session that owns it. */
    record Held(String node, long sessionId) {
    }

    /** The lock was not had in time: another contender still holds it. */
    static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy() {
            super(null, null, false, false);
        }
    }

    /**
     * Queues for the lock at {@code lockPath} and waits until this contender is first, at most
     * {@code timeout}; zero tries once (kazoo's {@code acquire(blocking=False)}). On any failure the
     * contender's node is removed (kazoo's {@code _best_effort_cleanup}).
     *
     * @param name the lock's name, for errors
     * @param data the node's data: the member id
     * @throws Busy when another contender still holds the lock at the deadline
     */
    Held acquire(String name, String lockPath, byte[] data, Duration timeout) throws Busy {
        long deadline = System.nanoTime() + timeout.toNanos();
        String prefix = nodes.newPrefix();
        Wake wake = new Wake();
        // kazoo's _watch_session: a change of the connection's state wakes the waiter, which then
        // looks again (and waits for the connection, boundedly)
        ConnectionStateListener listener = (c, state) -> wake.signal();
        client.getConnectionStateListenable().addListener(listener);
        StopSignal.Registration stopped = stop.whenStopped(wake::signal);
        String node = null;
        boolean createTried = false;
        Held held = null;
        try {
            while (true) {
                connection.awaitForLock(deadline, name);
                try {
                    ensurePath(lockPath);
                    if (createTried) {
                        // kazoo's _find_node: a create whose answer was lost may have made the node
                        node = KazooNodes.find(children(lockPath), prefix).orElse(null);
                    } else {
                        createTried = true;
                    }
                    if (node == null) {
                        node = create(lockPath, prefix, data);
                    }
                    held = waitFirst(name, lockPath, node, deadline, timeout.isZero(), wake);
                    return held;
                } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
                         | KeeperException.SessionMovedException | KazooNodes.NodeGoneException e) {
                    // kazoo's KazooRetry around _inner_acquire: start over once connected again, the
                    // node found by its prefix (gone with an expired session: then made anew); past
                    // the deadline the next look is the last
                    continue;
                }
            }
        } catch (Busy | RemoteFsException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ZooKeeperErrors.interrupted(name);
        } catch (Exception e) {
            throw ZooKeeperErrors.failed(name, connection.url(), e);
        } finally {
            stopped.close();
            client.getConnectionStateListenable().removeListener(listener);
            if (held == null && createTried) {
                cleanUp(lockPath, node, prefix);
            }
        }
    }

    /**
     * kazoo's loop in {@code _inner_acquire}: the contender holds the lock when no contender comes
     * before it; otherwise it watches its predecessor (kazoo's {@code client.get(predecessor,
     * self._watch_predecessor)}) and looks again when that node changes or goes.
     */
    private Held waitFirst(String name, String lockPath, String node, long deadline, boolean once, Wake wake)
            throws Exception {
        while (true) {
            wake.clear();
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            Optional<String> predecessor = KazooNodes.predecessor(children(lockPath), node);
            if (predecessor.isEmpty()) {
                return new Held(lockPath + "/" + node, session);
            }
            if (stop.stopRequested()) {
                throw ZooKeeperErrors.interrupted(name);
            }
            long left = deadline - System.nanoTime();
            if (once || left <= 0) {
                throw new Busy();
            }
            Watcher watcher = event -> wake.signal();
            try {
                client.getData().usingWatcher(watcher).forPath(lockPath + "/" + predecessor.get());
            } catch (KeeperException.NoNodeException gone) {
                // kazoo: "predecessor has already been deleted": look again at once
                continue;
            }
            // unlike kazoo, which waits its whole time-out again after each wake-up, the wait ends
            // at the deadline
            wake.await(left);
        }
    }

    /** kazoo's {@code _ensure_path}: the lock node and its parents, persistent, made when missing. */
    private void ensurePath(String lockPath) throws Exception {
        if (assured.contains(lockPath)) {
            return;
        }
        try {
            client.create().creatingParentsIfNeeded().forPath(lockPath);
        } catch (KeeperException.NodeExistsException exists) {
            // made by another contender: as good
        }
        assured.add(lockPath);
    }

    private String create(String lockPath, String prefix, byte[] data) throws Exception {
        String created;
        try {
            created = client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(lockPath + "/" + prefix, data);
        } catch (KeeperException.NoNodeException removed) {
            // the lock node was removed since it was made (an operator's clean-up): made again
            assured.remove(lockPath);
            ensurePath(lockPath);
            created = client.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath(lockPath + "/" + prefix, data);
        }
        return created.substring(lockPath.length() + 1);
    }

    private List<String> children(String lockPath) throws Exception {
        return client.getChildren().forPath(lockPath);
    }

    /**
     * kazoo's {@code _best_effort_cleanup}: removes this contender's node — the one it knows, or the
     * one its prefix finds. Best effort: when ZooKeeper cannot be reached, the node goes with the
     * session, and Curator's guaranteed delete removes it once the connection is back.
     */
    private void cleanUp(String lockPath, String node, String prefix) {
        try {
            if (!client.getZookeeperClient().isConnected()) {
                if (node != null) {
                    client.delete().guaranteed().inBackground().forPath(lockPath + "/" + node);
                }
                return;
            }
            String own = node != null ? node : KazooNodes.find(children(lockPath), prefix).orElse(null);
            if (own != null) {
                client.delete().guaranteed().forPath(lockPath + "/" + own);
            }
        } catch (KeeperException.NoNodeException gone) {
            // already gone with its session
        } catch (Exception e) {
            // left to the guaranteed delete and the session's end, as kazoo leaves it
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** kazoo's {@code wake_event}: set by a watch, a change of connection, or a stop. */
    private static final class Wake {
        private boolean set;

        synchronized void clear() {
            set = false;
        }

        synchronized void signal() {
            set = true;
            notifyAll();
        }

        synchronized void await(long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (!set) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
