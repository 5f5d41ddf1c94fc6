package org.remotefs.zookeeper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.lock.LockEntry;
import org.remotefs.core.lock.LockInventory;

/**
 * Volume locks in ZooKeeper, lock-compatible with Python Cinder's tooz ZooKeeper driver: lock
 * {@code cinder-<prefix>-<volume id>} is the node {@code /<namespace>/locks/<name>} (tooz's
 * {@code get_lock}), taken with kazoo's recipe ({@link KazooLockRecipe}), each contender's node
 * holding this process's member id and nothing else. A Java and a Python volume service pointed at
 * one ZooKeeper exclude each other on every volume.
 *
 * <p>The operation a lock is taken for is not recorded (the node holds the member id only, as
 * kazoo's contenders expect); the member id says the host and process. A session that expires
 * loses every lock it held: the service marks their leases lost as soon as Curator reports it, so
 * the operations stop before their next write with {@code LOCK_LOST}.
 */
public final class ZooKeeperLockService implements VolumeLockService, LockInventory {
    private final CuratorFramework client;
    private final ZooKeeperUrl url;
    private final MemberId member;
    private final ZooKeeperConnection connection;
    private final KazooLockRecipe recipe;
    private final ZooKeeperLockInventory inventory;
    private final Set<ZooKeeperLease> leases = ConcurrentHashMap.newKeySet();
    private final ConnectionStateListener sessionWatch = (c, state) -> {
        if (state == ConnectionState.LOST) {
            loseAll("the ZooKeeper session expired or could not be kept");
        }
    };

    /**
     * @param client      a started Curator client without retries of its own; closed by {@link #close()}
     * @param connectWait how long a call waits for the connection (tooz's start time-out)
     */
    ZooKeeperLockService(CuratorFramework client, ZooKeeperUrl url, MemberId member, StopSignal stop,
                                KazooNodes nodes, Duration connectWait) {
        this.client = client;
        this.url = url;
        this.member = member;
        this.connection = new ZooKeeperConnection(client, url, connectWait);
        this.recipe = new KazooLockRecipe(client, connection, nodes, stop);
        this.inventory = new ZooKeeperLockInventory(client, url);
        client.getConnectionStateListenable().addListener(sessionWatch);
    }

    /** The Curator client (for tests that expire its session). */
    CuratorFramework client() {
        return client;
    }

    /** The member id this service's nodes hold. */
    public MemberId member() {
        return member;
    }

    @Override
    public Lease acquire(String name, String operation, Duration timeout) {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("not a lock name: '" + name + "'");
        }
        KazooLockRecipe.Held held;
        try {
            held = recipe.acquire(name, url.lockPath(name), member.bytes(), timeout);
        } catch (KazooLockRecipe.Busy busy) {
            throw ZooKeeperErrors.timedOut(name, timeout, url, holderOf(name));
        }
        ZooKeeperLease[] lease = new ZooKeeperLease[1];
        lease[0] = new ZooKeeperLease(name, held, member.bytes(), client, connection, () -> leases.remove(lease[0]));
        leases.add(lease[0]);
        return lease[0];
    }

    /** The holder a waiter that gave up names; empty when it cannot be read. */
    private Optional<LockEntry> holderOf(String name) {
        try {
            return inventory.contenders(name).stream().findFirst();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        }
    }

    private void loseAll(String why) {
        leases.forEach(lease -> lease.lose(why));
    }

    @Override
    public String location() {
        return url.shown();
    }

    @Override
    public List<LockEntry> locks() {
        if (!connection.awaitConnected("(listing)")) {
            throw ZooKeeperErrors.listingUnreachable(url, connection.connectWait());
        }
        try {
            return inventory.all();
        } catch (RemoteFsException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw ZooKeeperErrors.unlisted(url, e);
        }
    }

    /** Closes the client: every node it still holds goes with its session. Idempotent. */
    @Override
    public void close() {
        loseAll("the lock service was closed");
        client.getConnectionStateListenable().removeListener(sessionWatch);
        client.close();
    }
}
