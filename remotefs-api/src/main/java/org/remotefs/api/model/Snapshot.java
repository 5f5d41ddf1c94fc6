package org.remotefs.api.model;

/**
 * A Cinder snapshot.
 *
 * @param id          the snapshot's UUID
 * @param volume      the volume it is a snapshot of
 * @param status      Cinder's snapshot status
 * @param progress    Cinder's progress string ({@code 90%} when Nova finished its part), or null
 * @param displayName the display name; Cinder's temporary clone snapshots are named {@code tmp-snap-<id>}
 */
public record Snapshot(String id, Volume volume, SnapshotStatus status, String progress, String displayName) {

    public Snapshot {
        id = Checks.uuid("snapshot id", id);
        Checks.notNull("snapshot volume", volume);
        Checks.notNull("snapshot status", status);
    }

    /**
     * Checks that a snapshot id is a UUID and returns it in its canonical lower-case form.
     *
     * @throws org.remotefs.api.RemoteFsException {@code INVALID_INPUT} naming the id
     */
    public static String checkId(String id) {
        return Checks.uuid("snapshot id", id);
    }

    public Snapshot withStatus(SnapshotStatus newStatus) {
        return new Snapshot(id, volume, newStatus, progress, displayName);
    }

    public Snapshot withProgress(String newProgress) {
        return new Snapshot(id, volume, status, newProgress, displayName);
    }
}
