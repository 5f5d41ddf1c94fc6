package org.remotefs.core.localfs;

/**
 * The chain operations the random-kill harness kills ({@link LocalFsRandomKillIT}), each on a fresh
 * volume of its {@link KnownChain} shape.
 */
enum CrashOperation {
    SNAPSHOT_CREATE,
    DELETE_OLDEST_SNAPSHOT,
    DELETE_MIDDLE_SNAPSHOT,
    DELETE_NEWEST_SNAPSHOT,
    CLONE,
    VOLUME_FROM_SNAPSHOT,
    /** A raw volume without snapshots: grown in-process. */
    EXTEND_RAW,
    /** A volume with snapshots: its qcow2 active overlay is resized. */
    EXTEND_QCOW2,
    REVERT,
    IMAGE_FROM_VOLUME,
    VOLUME_FROM_IMAGE,
    VOLUME_DELETE;

    /** Whether the operation starts from a raw volume without snapshots (else: the three-snapshot chain). */
    boolean onPlainVolume() {
        return this == EXTEND_RAW;
    }

    /** Whether the operation makes a new volume (the job's target id). */
    boolean createsVolume() {
        return this == CLONE || this == VOLUME_FROM_SNAPSHOT || this == VOLUME_FROM_IMAGE;
    }
}
