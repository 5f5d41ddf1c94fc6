package org.remotefs.core.snapshot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.VolumeFiles;

/**
 * Writes a volume's info file (atomically, as {@link InfoFile} does) with the backend's file mode,
 * only while the operation still holds the volume's lock: a lock service that lost it (a ZooKeeper
 * session gone) stops the operation with {@code LOCK_LOST} before this write, as before every
 * external command, so that two hosts never both write one chain's record.
 */
public final class InfoWriter {
    private final InfoFile infoFile;
    private final VolumeFiles volumeFiles;
    private final OperationGuard guard;

    public InfoWriter(InfoFile infoFile, VolumeFiles volumeFiles, OperationGuard guard) {
        this.infoFile = infoFile;
        this.volumeFiles = volumeFiles;
        this.guard = guard;
    }

    public void write(Path infoPath, Map<String, String> info, FileSecurity security) {
        // a lost lock only: a stop request still lets a roll-back record what it restored
        guard.checkLeases();
        infoFile.write(infoPath, info, path -> volumeFiles.setPermissions(path, security));
    }

    /** The snapshot whose file the info file names as {@code fileName}, if any. */
    public static Optional<String> snapshotIdOf(Map<String, String> info, String fileName) {
        return info.entrySet().stream()
                .filter(e -> !InfoFile.ACTIVE.equals(e.getKey()) && e.getValue().equals(fileName))
                .map(Map.Entry::getKey).findFirst();
    }
}
