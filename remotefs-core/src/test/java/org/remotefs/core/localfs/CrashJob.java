package org.remotefs.core.localfs;

import java.util.List;

/**
 * One operation for a {@link CrashWorker}, sent to it as one line: the operation, the volume it
 * works on, its snapshots oldest first (none for a plain volume), the id of what it makes (a
 * snapshot or a volume) and the image it reads or writes.
 */
record CrashJob(CrashOperation operation, String volumeId, List<String> snapshots, String targetId, String imageId) {
    CrashJob {
        snapshots = List.copyOf(snapshots);
    }

    /** The snapshot the operation deletes or reads from or reverts to, by its place in the chain. */
    String snapshotOperatedOn() {
        return switch (operation) {
            case DELETE_OLDEST_SNAPSHOT -> snapshots.get(0);
            case DELETE_MIDDLE_SNAPSHOT, VOLUME_FROM_SNAPSHOT -> snapshots.get(1);
            case DELETE_NEWEST_SNAPSHOT, REVERT -> snapshots.get(2);
            default -> throw new IllegalStateException(operation + " operates on no snapshot");
        };
    }

    /** The same job with another image (a retried upload makes a new image, as a user would). */
    CrashJob withImage(String otherImageId) {
        return new CrashJob(operation, volumeId, snapshots, targetId, otherImageId);
    }

    String line() {
        return String.join(" ", operation.name(), volumeId, snapshots.isEmpty() ? "-" : String.join(",", snapshots),
                targetId, imageId);
    }

    static CrashJob parse(String line) {
        String[] parts = line.strip().split(" ");
        return new CrashJob(CrashOperation.valueOf(parts[0]), parts[1],
                parts[2].equals("-") ? List.of() : List.of(parts[2].split(",")), parts[3], parts[4]);
    }
}
