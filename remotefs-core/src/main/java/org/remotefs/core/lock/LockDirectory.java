package org.remotefs.core.lock;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Where file locks live. The default is host-local and private to the service's user, and the same
 * for every process of that user whatever its environment, so that a command-line process and a
 * service exclude each other: {@code /var/lib/remotefs/locks} for root, else
 * {@code ~/.local/state/remotefs/locks}. It is made with mode 0700 and must be a directory of the
 * user's own, not a link, that nobody else may write to. A directory the operator chose (a
 * {@code file://} URL, a backend's {@code lock_path}) is used as given and made when missing, as
 * tooz and oslo make theirs.
 */
public final class LockDirectory {
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private LockDirectory() {
    }

    /** The default directory of the user running this process. */
    public static Path defaultFor(boolean root, Path home) {
        return root ? Path.of("/var/lib/remotefs/locks") : home.resolve(".local/state/remotefs/locks");
    }

    /** The default directory of this process's user. */
    public static Path defaultDirectory() {
        return defaultFor(isRoot(), Path.of(System.getProperty("user.home")));
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Makes the default directory when missing, and checks it is private to this user. */
    public static Path preparePrivate(Path directory, String option) {
        try {
            if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory.getParent());
                try {
                    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PRIVATE));
                } catch (FileAlreadyExistsException e) {
                    // another process made it meanwhile: checked below like any existing one
                }
            }
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(directory, option, "it is not a directory (or it is a symbolic link)");
            }
            Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!owner.equals(self)) {
                throw refused(directory, option, "it belongs to user id " + owner + ", not to this process's " + self);
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw refused(directory, option, "others may write to it (mode "
                        + PosixFilePermissions.toString(mode) + ")");
            }
            return directory;
        } catch (IOException e) {
            throw refused(directory, option, "it cannot be made or read: " + e);
        }
    }

    /** Makes a chosen directory when missing (as tooz's ensure_tree does). */
    public static Path prepareChosen(Path directory, String option) {
        try {
            Files.createDirectories(directory);
            return directory;
        } catch (IOException e) {
            throw refused(directory, option, "it cannot be made: " + e);
        }
    }

    private static RemoteFsException refused(Path directory, String option, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                "lock directory " + directory + " (" + option + ") cannot be used: " + why,
                Map.of("option", option, "directory", directory.toString()));
    }
}
