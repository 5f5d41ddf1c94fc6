package org.remotefs.core.compute;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.remotefs.api.spi.ComputeAssist.SnapshotProgress;

/**
 * Snapshot statuses as the compute service reports them, kept in memory: what Cinder keeps in the
 * snapshot rows of its database. Fed by a {@link SnapshotStatusEndpoint} or by the host.
 */
public final class SnapshotStatusBoard {
    private final Map<String, SnapshotProgress> statuses = new ConcurrentHashMap<>();

    public void update(String snapshotId, String status, String progress) {
        statuses.put(snapshotId, new SnapshotProgress(status, progress));
    }

    /** The last report, or null when there is none. */
    public SnapshotProgress status(String snapshotId) {
        return statuses.get(snapshotId);
    }

    public void forget(String snapshotId) {
        statuses.remove(snapshotId);
    }
}
