package org.remotefs.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh private directory for one image conversion, removed with everything in it on
 * {@link #close()}. It is made by {@link Files#createTempDirectory} with mode 0700 given at
 * creation and an unpredictable name, so no path another user could have prepared (a symlink in
 * a world-writable {@code /tmp}, say) is ever reused, and nobody else can enter it.
 */
public final class ConversionDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConversionDirectory.class);
    private static final String PREFIX = "remotefs-conversion-";
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    private ConversionDirectory(Path path) {
        this.path = path;
    }

    /**
     * Makes a new private directory in {@code parent}.
     *
     * @throws RemoteFsException {@link ErrorCode#SHARE_IO_ERROR} when it cannot be made
     */
    public static ConversionDirectory createIn(Path parent) {
        try {
            return new ConversionDirectory(Files.createTempDirectory(parent, PREFIX, OWNER_ONLY_DIRECTORY));
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR,
                    "cannot make a private directory for an image conversion in " + parent + ": " + e,
                    Map.of("directory", parent.toString()), e);
        }
    }

    public Path path() {
        return path;
    }

    /** A file name in this directory (nothing is created). */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /**
     * Gives a file written here mode 0600. The directory already keeps other users out; this
     * keeps the file private too should it ever be moved or the directory's mode be changed.
     *
     * @throws RemoteFsException {@link ErrorCode#SHARE_IO_ERROR} when the mode cannot be set
     */
    public void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "chmod 600 " + file + " failed: " + e,
                    Map.of("file", file.toString()), e);
        }
    }

    /**
     * Removes the directory and everything in it, following no symlink (a link is removed, never
     * what it points to). A failure is logged, not thrown: the operation's outcome is decided
     * already, and what is left stays private to the service user.
     */
    @Override
    public void close() {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(path)) {
            // deepest first, so each directory is empty when its turn comes
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            LOG.warn("could not list the image conversion directory {} to remove it: {}", path, e.toString());
            return;
        }
        for (Path entry : entries) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException e) {
                LOG.warn("could not remove {} from the image conversion directory: {}", entry, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
