package org.remotefs.core.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, permits and deletes volume files with Cinder's command lines, as root unless secure
 * file operations are on. Unlike Cinder, an existing file is never overwritten, and a failed
 * create leaves no partial file behind.
 */
public final class VolumeFiles {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeFiles.class);
    private static final long GIB = 1L << 30;

    private final CommandRunner runner;
    private final QemuImg qemuImg;

    public VolumeFiles(CommandRunner runner, QemuImg qemuImg) {
        this.runner = runner;
        this.qemuImg = qemuImg;
    }

    /**
     * Creates a volume file of {@code sizeGib} GiB and sets its permissions.
     *
     * @throws RemoteFsException {@link ErrorCode#VOLUME_EXISTS} when the file exists,
     *         {@link ErrorCode#PROCESS_EXECUTION} when a command fails (the partial file is removed)
     */
    public void create(Path path, VolumeFileKind kind, int sizeGib, FileSecurity security) {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new RemoteFsException(ErrorCode.VOLUME_EXISTS, "file already exists at " + path,
                    Map.of("file", path.toString()));
        }
        boolean root = security.asRoot();
        try {
            switch (kind) {
                case QCOW2 -> qemuImg.create(path, ImageFormat.QCOW2, sizeGib * GIB, List.of("preallocation=metadata"), root);
                case SPARSE -> runner.run(Command.of("truncate", "-s", sizeGib + "G", path.toString()).asRoot(root));
                case THICK -> runner.run(Command.of("dd", "if=/dev/zero", "of=" + path, "bs=1M",
                        "count=" + (sizeGib * 1024L)).asRoot(root));
            }
            setPermissions(path, security);
        } catch (RuntimeException e) {
            deleteQuietly(path, security);
            throw e;
        }
    }

    /** Cinder's {@code _set_rw_permissions}: {@code chmod 660} when permissions are secure, else {@code chmod ugo+rw}. */
    public void setPermissions(Path path, FileSecurity security) {
        if (security.securePermissions()) {
            runner.run(Command.of("chmod", "660", path.toString()).asRoot(security.asRoot()));
        } else {
            LOG.warn("{} is made readable and writable by everyone (ugo+rw) because nas_secure_file_permissions"
                    + " is false", path);
            runner.run(Command.of("chmod", "ugo+rw", path.toString()).asRoot(security.asRoot()));
        }
    }

    /** {@code rm -f <path>}: a missing file is not an error. */
    public void delete(Path path, FileSecurity security) {
        runner.run(Command.of("rm", "-f", path.toString()).asRoot(security.asRoot()));
    }

    private void deleteQuietly(Path path, FileSecurity security) {
        try {
            delete(path, security);
        } catch (RuntimeException e) {
            LOG.warn("could not remove the partial file {}: {}", path, e.getMessage());
        }
    }
}
