package org.remotefs.core.share;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Asks a share's directory to answer — its file system's statistics ({@code statvfs}) and one
 * directory read, which a FUSE or NFS server must serve itself — within {@code share_io_timeout},
 * before a command uses the share. A share whose server stopped answering (a hard NFS mount of a
 * dead server, a FUSE server stopped) blocks every file-system call on it for ever; Cinder's every
 * command then hangs, the ones that could go to a healthy share included. Here such a share is
 * {@code SHARE_UNAVAILABLE} after the deadline: it is skipped for placement, listings and stats,
 * and a command that needs it fails naming it.
 *
 * <p>The look is a {@link ShareCalls} call, which also registers the share, so that every later
 * file-system call on it is bounded the same way: a look that does not return marks the share hung,
 * and every later call and look fails at once, without a new thread, until it returns.
 */
public final class ShareProbe {
    private final ShareCalls calls;

    /** @param calls runs the look with the deadline ({@code share_io_timeout}) */
    public ShareProbe(ShareCalls calls) {
        this.calls = calls;
    }

    /**
     * Returns when the share's directory answered (or does not exist: the mount, or the
     * operation, reports that on its own terms).
     *
     * @throws RemoteFsException {@link ErrorCode#SHARE_UNAVAILABLE} naming the share when it did not
     *         answer in time, or an earlier call on it has still not returned
     */
    public void requireAnswer(String address, Path directory) {
        calls.register(address, directory);
        try {
            calls.call(address, directory, () -> {
                look(directory);
                return null;
            });
        } catch (IOException e) {
            // an error is an answer: the operation meets it again and reports it with its own code
        }
    }

    /**
     * Like {@link #requireAnswer}, for a share whose directory is the share itself (no mount point
     * is made for it): a missing directory is a removed share, unavailable, and nothing is created
     * in its place.
     */
    public void requireDirectory(String address, Path directory) {
        calls.register(address, directory);
        boolean present;
        try {
            // one call on the share, not two: each is a hop to the thread that bounds it, which
            // costs more than the look itself on every stats call
            present = calls.call(address, directory, () -> {
                try {
                    look(directory);
                } catch (IOException e) {
                    // an error is an answer, as in requireAnswer: whether the directory is there decides
                }
                return Files.isDirectory(directory);
            });
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            throw ShareCalls.unavailable(address, directory, "its directory does not exist (removed or renamed?)");
        }
    }

    private static void look(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        // statvfs of the path itself: Files.getFileStore would first read the whole mount table
        // (about 0.2 ms, on every command and every stats call), which the share never serves
        directory.toFile().getUsableSpace();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.iterator().hasNext();
        }
    }
}
