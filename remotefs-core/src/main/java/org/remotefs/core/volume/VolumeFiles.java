package org.remotefs.core.volume;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, permits and deletes volume files the way Cinder lays them out, as root unless secure
 * file operations are on. Unlike Cinder, an existing file is never overwritten, and a failed
 * create leaves no partial file behind.
 */
public final class VolumeFiles {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeFiles.class);
    private static final long GIB = 1L << 30;

    private final FileOperations fileOperations;
    private final QemuImg qemuImg;

    public VolumeFiles(FileOperations fileOperations, QemuImg qemuImg) {
        this.fileOperations = fileOperations;
        this.qemuImg = qemuImg;
    }

    /**
     * Creates a volume file of {@code sizeGib} GiB and sets its permissions.
     *
     * @throws RemoteFsException {@link ErrorCode#VOLUME_EXISTS} when the file exists,
     *         {@link ErrorCode#PROCESS_EXECUTION} or {@link ErrorCode#SHARE_IO_ERROR} when it
     *         cannot be written (the partial file is removed)
     */
    public void create(Path path, VolumeFileKind kind, int sizeGib, FileSecurity security) {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new RemoteFsException(ErrorCode.VOLUME_EXISTS, "file already exists at " + path,
                    Map.of("file", path.toString()));
        }
        boolean root = security.asRoot();
        try {
            if (kind != VolumeFileKind.QCOW2) {
                // claim the name first: a file that appeared since the check (another host without
                // lock_path) is refused, and never truncated or removed
                fileOperations.claim(path, root);
            }
        } catch (RemoteFsException e) {
            if (e.getCause() instanceof java.nio.file.FileAlreadyExistsException) {
                throw new RemoteFsException(ErrorCode.VOLUME_EXISTS, "file already exists at " + path,
                        Map.of("file", path.toString()), e);
            }
            throw e;
        }
        try {
            switch (kind) {
                case QCOW2 -> qemuImg.create(path, ImageFormat.QCOW2, sizeGib * GIB, List.of("preallocation=metadata"), root);
                case SPARSE -> fileOperations.createSparse(path, sizeGib, root);
                case THICK -> fileOperations.createThick(path, sizeGib, root);
            }
            setPermissions(path, security);
        } catch (RuntimeException e) {
            deleteQuietly(path, security);
            throw e;
        }
    }

    /** Cinder's {@code _set_rw_permissions}: mode 660 when permissions are secure, else {@code ugo+rw}. */
    public void setPermissions(Path path, FileSecurity security) {
        if (!security.securePermissions()) {
            LOG.debug("{} is made readable and writable by everyone (ugo+rw): nas_secure_file_permissions is false", path);
        }
        fileOperations.chmodVolume(path, security.securePermissions(), security.asRoot());
    }

    /** Cinder's {@code _set_rw_permissions_for_all}: {@code ugo+rw} whatever the setting. */
    public void setPermissionsForAll(Path path, FileSecurity security) {
        fileOperations.chmodVolume(path, false, security.asRoot());
    }

    /** {@code rm -f}: a missing file is not an error. */
    public void delete(Path path, FileSecurity security) {
        fileOperations.delete(path, security.asRoot());
    }

    private void deleteQuietly(Path path, FileSecurity security) {
        try {
            delete(path, security);
        } catch (RuntimeException e) {
            LOG.warn("could not remove the partial file {}: {}", path, e.getMessage());
        }
    }
}
