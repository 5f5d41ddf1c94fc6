package org.remotefs.core.snapshot;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.VolumeFiles;

/** Writes a volume's info file (atomically, as {@link InfoFile} does) with the backend's file mode. */
public final class InfoWriter {
    private final InfoFile infoFile;
    private final VolumeFiles volumeFiles;

    public InfoWriter(InfoFile infoFile, VolumeFiles volumeFiles) {
        this.infoFile = infoFile;
        this.volumeFiles = volumeFiles;
    }

    public void write(Path infoPath, Map<String, String> info, FileSecurity security) {
        infoFile.write(infoPath, info, path -> volumeFiles.setPermissions(path, security));
    }

    /** The snapshot whose file the info file names as {@code fileName}, if any. */
    public static Optional<String> snapshotIdOf(Map<String, String> info, String fileName) {
        return info.entrySet().stream()
                .filter(e -> !InfoFile.ACTIVE.equals(e.getKey()) && e.getValue().equals(fileName))
                .map(Map.Entry::getKey).findFirst();
    }
}
