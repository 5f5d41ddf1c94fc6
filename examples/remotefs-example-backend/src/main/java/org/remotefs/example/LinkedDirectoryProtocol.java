package org.remotefs.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.HashedMountProtocol;
import org.remotefs.core.share.Share;

/**
 * The example's protocol: a share {@code example:/some/directory} is "mounted" by linking the
 * directory in at Cinder's hashed mount point, {@code <example_mount_point_base>/<md5 of the share>}
 * — the layout a network protocol gets from {@code mount}, without needing one.
 */
final class LinkedDirectoryProtocol extends HashedMountProtocol {
    private final Path base;

    LinkedDirectoryProtocol(Path base) {
        super(base, "example", Pattern.compile("example:/.+"), "example:/absolute/directory");
        this.base = base;
    }

    @Override
    public boolean isMounted(Share share) {
        Path mountPoint = mountPoint(share);
        return Files.isSymbolicLink(mountPoint) && Files.isDirectory(mountPoint);
    }

    @Override
    public void mount(Share share) {
        if (isMounted(share)) {
            return;
        }
        Path directory = Path.of(share.address().substring("example:".length()));
        if (!Files.isDirectory(directory)) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR,
                    "share " + share.address() + " (" + share.origin() + "): " + directory + " is not a directory",
                    Map.of("share", share.address()));
        }
        try {
            Files.createDirectories(base);
            Files.deleteIfExists(mountPoint(share));
            Files.createSymbolicLink(mountPoint(share), directory);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot mount " + share.address() + ": " + e,
                    Map.of("share", share.address()), e);
        }
    }
}
