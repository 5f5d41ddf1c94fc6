package org.remotefs.api.model;

/**
 * A Cinder snapshot.
 *
 * @param id          the snapshot's UUID, or {@code tmp-snap-<UUID of the new volume>}: the id of the
 *                    temporary snapshot a clone takes of its source, which Cinder's backing-file
 *                    rule accepts and by which a clone's leftover is recognised
 * @param volume      the volume it is a snapshot of
 * @param status      Cinder's snapshot status
 * @param progress    Cinder's progress string ({@code 90%} when Nova finished its part), or null
 * @param displayName the display name; Cinder's temporary clone snapshots are named {@code tmp-snap-<id>}
 */
public record Snapshot(String id, Volume volume, SnapshotStatus status, String progress, String displayName) {
    /** The prefix of a clone's temporary snapshot: its id and display name are {@code tmp-snap-<new volume id>}. */
    public static final String TEMPORARY_PREFIX = "tmp-snap-";

    public Snapshot {
        id = id != null && id.startsWith(TEMPORARY_PREFIX)
                ? TEMPORARY_PREFIX + Checks.uuid("snapshot id", id.substring(TEMPORARY_PREFIX.length()))
                : Checks.uuid("snapshot id", id);
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
