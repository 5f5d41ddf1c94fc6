package org.remotefs.core.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;

/** Cinder's state checks, per operation (reference 1.2); the error lists acceptable and current states. */
public final class VolumeStates {
    private static final Set<VolumeStatus> CREATE_SNAPSHOT = Set.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE,
            VolumeStatus.BACKING_UP);
    private static final Set<VolumeStatus> DELETE_SNAPSHOT = Set.of(VolumeStatus.AVAILABLE, VolumeStatus.IN_USE,
            VolumeStatus.BACKING_UP, VolumeStatus.DELETING, VolumeStatus.DOWNLOADING);
    private static final Set<SnapshotStatus> FROM_SNAPSHOT = Set.of(SnapshotStatus.AVAILABLE, SnapshotStatus.BACKING_UP,
            SnapshotStatus.RESTORING);
    private static final Set<VolumeStatus> CLONE = Set.of(VolumeStatus.AVAILABLE, VolumeStatus.BACKING_UP,
            VolumeStatus.DOWNLOADING);
    private static final Set<VolumeStatus> REVERT = Set.of(VolumeStatus.AVAILABLE, VolumeStatus.REVERTING);
    private VolumeStates() {
    }

    public static void forCreateSnapshot(Snapshot snapshot) {
        // Cinder's temporary clone snapshots (tmp-snap-<id>) may be taken of a downloading volume
        boolean temporary = snapshot.displayName() != null && snapshot.displayName().startsWith(Snapshot.TEMPORARY_PREFIX);
        if (temporary && snapshot.volume().status() == VolumeStatus.DOWNLOADING) {
            return;
        }
        volume("create snapshot", snapshot.volume(), CREATE_SNAPSHOT);
    }

    public static void forDeleteSnapshot(Snapshot snapshot) {
        volume("delete snapshot", snapshot.volume(), DELETE_SNAPSHOT);
    }

    public static void forClone(Volume source) {
        volume("clone volume", source, CLONE);
    }

    public static void forRevert(Volume volume) {
        volume("revert volume", volume, REVERT);
    }

    public static void forVolumeFromSnapshot(Snapshot snapshot) {
        if (!FROM_SNAPSHOT.contains(snapshot.status())) {
            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT,
                    "create volume from snapshot " + snapshot.id() + ": snapshot status must be one of "
                            + names(FROM_SNAPSHOT.stream().map(SnapshotStatus::cinderName).toList())
                            + ", current status is " + snapshot.status().cinderName(),
                    Map.of("snapshot_id", snapshot.id(), "status", snapshot.status().cinderName()));
        }
    }

    private static void volume(String operation, Volume volume, Set<VolumeStatus> acceptable) {
        if (!acceptable.contains(volume.status())) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    operation + ": volume " + volume.id() + " status must be one of "
                            + names(acceptable.stream().map(VolumeStatus::cinderName).toList())
                            + ", current status is " + volume.status().cinderName(),
                    Map.of("volume_id", volume.id(), "status", volume.status().cinderName()));
        }
    }

    private static String names(List<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", ", "[", "]"));
    }
}
