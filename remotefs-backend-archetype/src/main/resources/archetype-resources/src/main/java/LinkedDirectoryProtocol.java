package ${package};

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
 * A stand-in share protocol to replace with your storage's: a share {@code <id>:/some/directory}
 * is "mounted" by linking the directory in at Cinder's hashed mount point,
 * {@code <mount point base>/<md5 of the share>} — the layout a network protocol gets from
 * {@code mount}, so the TCK runs without a server. For a real mount, core's
 * {@code org.remotefs.core.mount} toolkit runs the command lines you build.
 */
final class LinkedDirectoryProtocol extends HashedMountProtocol {
    private final Path base;
    private final String scheme;

    LinkedDirectoryProtocol(Path base, String scheme) {
        super(base, scheme, Pattern.compile(Pattern.quote(scheme) + ":/.+"), scheme + ":/absolute/directory");
        this.base = base;
        this.scheme = scheme;
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
        Path directory = Path.of(share.address().substring(scheme.length() + 1));
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
