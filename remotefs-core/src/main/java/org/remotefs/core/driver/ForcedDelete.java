package org.remotefs.core.driver;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Shares;
import org.remotefs.core.volume.FileOperations;
import org.remotefs.core.volume.FileSecurity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code volume delete --force}: removes a volume by its file names alone — {@code volume-<id>}
 * and every {@code volume-<id>.*} in a share's top directory, links as links (never what they
 * point at) — without reading its info file or chain. For a volume whose info file is unreadable
 * or names files outside the volume, which Cinder (and the normal delete) cannot remove. Nothing
 * outside those names is touched.
 */
public final class ForcedDelete {
    private static final Logger LOG = LoggerFactory.getLogger(ForcedDelete.class);

    private final Shares shares;
    private final VolumeLocks locks;
    private final FileOperations fileOperations;
    private final AllocationTracker allocation;

    public ForcedDelete(Shares shares, VolumeLocks locks, FileOperations fileOperations, AllocationTracker allocation) {
        this.shares = shares;
        this.locks = locks;
        this.fileOperations = fileOperations;
        this.allocation = allocation;
    }

    /** See {@link org.remotefs.api.VolumeDriver#forceDeleteVolume}. */
    public List<String> delete(String volumeId, FileSecurity security) {
        String id = Volume.checkId(volumeId);
        String stem = "volume-" + id;
        List<String> deleted = new ArrayList<>();
        try (VolumeLocks.Held held = locks.lock(id, "force_delete_volume")) {
            for (MountedShare share : shares.ensureMounted()) {
                List<Path> files = filesOf(share.mountPoint(), stem);
                try {
                    for (Path file : files) {
                        fileOperations.delete(file, security.asRoot());
                        deleted.add(file.toString());
                    }
                } finally {
                    allocation.invalidate(share.mountPoint());
                }
            }
        }
        if (deleted.isEmpty()) {
            throw new RemoteFsException(ErrorCode.VOLUME_NOT_FOUND, "volume " + id + " has no file on any share",
                    Map.of("volume_id", id));
        }
        LOG.info("deleted volume {} by its file names: {}", id, deleted);
        return deleted;
    }

    private List<Path> filesOf(Path directory, String stem) {
        // one listing, one call bounded by the share's deadline
        return fileOperations.calls().bounded(directory, () -> listFilesOf(directory, stem));
    }

    private static List<Path> listFilesOf(Path directory, String stem) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, stem + "*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                boolean ours = name.equals(stem) || name.startsWith(stem + ".");
                // a directory of that name is no file of a volume: it stays
                if (ours && !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot list " + directory + ": " + e,
                    Map.of("mount_point", directory.toString()), e);
        }
        files.sort(null);
        return files;
    }
}
