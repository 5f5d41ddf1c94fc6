package org.remotefs.core.driver;

import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.snapshot.ChainState;
import org.remotefs.core.volume.ImageFormat;

/**
 * Cinder's GlusterFS {@code backup_volume} conditions: a backup reads the volume's active file as
 * the disk's raw bytes, so the volume must have no snapshot (its data would be spread over a
 * chain), its active image no backing file (the info file may have lost a snapshot the chain still
 * has), and its format must be raw (a qcow2 file's bytes are not the disk's). Cinder checked only on
 * GlusterFS, and its NFS driver backs up whatever file is active; every core-based driver checks
 * here.
 */
final class BackupGuard {

    /**
     * @throws RemoteFsException {@link ErrorCode#INVALID_VOLUME} with details {@code volume_id} and
     *         {@code reason} ({@code snapshots}, {@code backing_file} or {@code format})
     */
    void check(Volume volume, ChainState state) {
        List<String> snapshots = state.info().keySet().stream().filter(key -> !key.equals(InfoFile.ACTIVE)).toList();
        if (!snapshots.isEmpty()) {
            throw refused(volume, "snapshots", "backup is not supported for volumes with snapshots (volume "
                    + volume.id() + " has " + String.join(", ", snapshots) + ")");
        }
        ChainLink active = state.chain().get(0);
        if (active.backing().isPresent() || state.chain().size() > 1) {
            throw refused(volume, "backing_file", "backup is not supported for volumes with snapshots: volume "
                    + volume.id() + " records none, but its active image " + active.fileName() + " has the backing file "
                    + active.backing().orElse(state.chain().get(1).fileName()));
        }
        if (active.format() != ImageFormat.RAW) {
            throw refused(volume, "format", "backup is only supported for raw volumes; volume " + volume.id() + " is "
                    + active.format().qemuName());
        }
    }

    private static RemoteFsException refused(Volume volume, String reason, String message) {
        return new RemoteFsException(ErrorCode.INVALID_VOLUME, message,
                Map.of("volume_id", volume.id(), "reason", reason));
    }
}
