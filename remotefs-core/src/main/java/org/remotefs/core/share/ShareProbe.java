package org.remotefs.core.share;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * <p>The look runs on a daemon thread of its own, which a hung share keeps blocked in the kernel
 * until the server answers; while it is, every caller waits on that one look (at most the deadline)
 * and no second thread is started for the share, so a dead share never piles up threads, a
 * process can always exit, and the share is available again as soon as its server answers.
 */
public final class ShareProbe {
    private final Duration deadline;
    private final Map<Path, CompletableFuture<Void>> looks = new ConcurrentHashMap<>();

    /** @param deadline how long a share's directory may take to answer ({@code share_io_timeout}) */
    public ShareProbe(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * Returns when the share's directory answered (or does not exist: the mount, or the
     * operation, reports that on its own terms).
     *
     * @throws RemoteFsException {@link ErrorCode#SHARE_UNAVAILABLE} naming the share when it did not
     *         answer in time, or an earlier look at it has still not returned
     */
    public void requireAnswer(String address, Path directory) {
        // one look per share at a time: callers that come while it runs (other threads, later
        // commands while a hung share keeps it blocked) wait on it, and no thread piles up
        CompletableFuture<Void> look = looks.compute(directory, (key, earlier) ->
                earlier != null && !earlier.isDone() ? earlier : CompletableFuture.runAsync(() -> look(key), task -> {
                    Thread thread = new Thread(task, "share-probe " + key);
                    thread.setDaemon(true);
                    thread.start();
                }));
        try {
            look.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unavailable(address, directory, "it did not answer within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            // an error is an answer: the operation meets it again and reports it with its own code
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(address, directory, "the wait for it was interrupted");
        }
    }

    private static void look(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.getFileStore(directory).getUsableSpace();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                entries.iterator().hasNext();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RemoteFsException unavailable(String address, Path directory, String why) {
        return new RemoteFsException(ErrorCode.SHARE_UNAVAILABLE, "share " + address + " (" + directory
                + ") is unavailable: " + why, Map.of("share", address, "mount_point", directory.toString()));
    }
}
