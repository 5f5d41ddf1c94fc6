package org.remotefs.core.volume;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Creates, permits and deletes volume files the way Cinder lays them out, as root unless secure
 * file operations are on. Unlike Cinder, an existing file is never overwritten, and a failed
 * create leaves no partial file behind.
 */
@Singleton
public final class VolumeFiles {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeFiles.class);
    private static final long GIB = 1L << 30;

    private final FileOperations fileOperations;
    private final QemuImg qemuImg;

    @Inject
    public VolumeFiles(FileOperations fileOperations, QemuImg qemuImg) {
        this.fileOperations = fileOperations;
        this.qemuImg = qemuImg;
    }

    /**
     * Creates a volume file of {@code sizeGib} GiB with its permissions: written under a
     * temporary name beside it and renamed to {@code path} only when complete, so that a volume
     * being written — or one whose writer was stopped or killed — never shows under its name.
     *
     * @throws RemoteFsException {@link ErrorCode#VOLUME_EXISTS} when the file exists,
     *         {@link ErrorCode#PROCESS_EXECUTION} or {@link ErrorCode#SHARE_IO_ERROR} when it
     *         cannot be written, {@link ErrorCode#INTERRUPTED} when the host asked to stop (the
     *         temporary file is removed in every case)
     */
    public void create(Path path, VolumeFileKind kind, int sizeGib, FileSecurity security) {
        boolean root = security.asRoot();
        write(path, security, temporary -> {
            if (kind != VolumeFileKind.QCOW2) {
                // a fresh name: claimed so that nothing else is ever truncated or written over
                fileOperations.claim(temporary, root);
            }
            switch (kind) {
                case QCOW2 -> qemuImg.create(temporary, ImageFormat.QCOW2, sizeGib * GIB,
                        VolumeFormat.QCOW2.createOptions(), root);
                case SPARSE -> fileOperations.createSparse(temporary, sizeGib, root);
                case THICK -> fileOperations.createThick(temporary, sizeGib, root);
            }
        });
    }

    /**
     * Creates a volume file of a format {@code qemu-img create} makes (VHD, VHDX, qcow2) with the
     * format's options, as {@link #create(Path, VolumeFileKind, int, FileSecurity)} does: under a
     * temporary name, renamed when complete, never over an existing file.
     */
    public void create(Path path, VolumeFormat format, int sizeGib, FileSecurity security) {
        write(path, security, temporary -> qemuImg.create(temporary, format.imageFormat(), sizeGib * GIB,
                format.createOptions(), security.asRoot()));
    }

    private void write(Path path, FileSecurity security, java.util.function.Consumer<Path> writer) {
        if (fileOperations.exists(path)) {
            throw new RemoteFsException(ErrorCode.VOLUME_EXISTS, "file already exists at " + path,
                    Map.of("file", path.toString()));
        }
        boolean root = security.asRoot();
        Path temporary = path.resolveSibling(TemporaryNames.of(path.getFileName().toString(), "create"));
        try {
            writer.accept(temporary);
            setPermissions(temporary, security);
            fileOperations.publish(temporary, path, root);
        } catch (RuntimeException e) {
            deleteQuietly(temporary, security);
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

    /** Removes a file, logging rather than throwing when it cannot: for clean-up after a failure. */
    public void deleteQuietly(Path path, FileSecurity security) {
        try {
            delete(path, security);
        } catch (RuntimeException e) {
            LOG.warn("could not remove the partial file {}: {}", path, e.getMessage());
        }
    }
}
