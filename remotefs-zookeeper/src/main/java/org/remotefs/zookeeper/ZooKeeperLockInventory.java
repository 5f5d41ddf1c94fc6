package org.remotefs.zookeeper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.remotefs.core.lock.LockEntry;

/**
 * Who holds and who waits for the locks under {@code /<namespace>/locks}: per lock, its contenders
 * in kazoo's order ({@link KazooNodes#contenders}), the first holding it, each known by its node's
 * data — the member id, kazoo's {@code Lock.contenders()} — and since when by the node's creation
 * time. Python Cinder's contenders are listed as much as remotefs's.
 */
final class ZooKeeperLockInventory {
    private final CuratorFramework client;
    private final ZooKeeperUrl url;

    ZooKeeperLockInventory(CuratorFramework client, ZooKeeperUrl url) {
        this.client = client;
        this.url = url;
    }

    /** Every contender of every lock, by lock name. */
    List<LockEntry> all() throws Exception {
        List<String> names;
        try {
            names = new ArrayList<>(client.getChildren().forPath(url.locksRoot()));
        } catch (KeeperException.NoNodeException none) {
            return List.of();
        }
        names.sort(null);
        List<LockEntry> entries = new ArrayList<>();
        for (String name : names) {
            entries.addAll(contenders(name));
        }
        return entries;
    }

    /** The contenders of one lock, holder first. */
    List<LockEntry> contenders(String name) throws Exception {
        String lockPath = url.lockPath(name);
        List<String> children;
        try {
            children = client.getChildren().forPath(lockPath);
        } catch (KeeperException.NoNodeException none) {
            return List.of();
        }
        List<LockEntry> entries = new ArrayList<>();
        for (String node : KazooNodes.contenders(children)) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(lockPath + "/" + node);
            } catch (KeeperException.NoNodeException left) {
                // released meanwhile, as kazoo's contenders() skips it
                continue;
            }
            MemberId member = MemberId.fromData(data);
            entries.add(new LockEntry(name, entries.isEmpty() ? LockEntry.State.HELD : LockEntry.State.WAITING,
                    member.value(), member.host().orElse(null), member.pid().orElse(null), null,
                    Instant.ofEpochMilli(stat.getCtime()), lockPath + "/" + node));
        }
        return entries;
    }
}
