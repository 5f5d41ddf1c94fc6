package org.remotefs.core.share;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Runs the core's file-system calls on a share with a deadline ({@code share_io_timeout}). A share
 * whose server stopped answering (a hard NFS mount of a dead server, a FUSE server stopped) blocks
 * a call on it in the kernel until the server answers, which no Java code can cut short; so the
 * call runs on a daemon worker thread and the caller waits for it at most the deadline, then fails
 * with {@code SHARE_UNAVAILABLE} naming the share and its mount point.
 *
 * <p>A call that did not return in time marks its share hung: every further call for that share
 * fails at once, without starting a thread, until the stuck call returns (the server answered);
 * then the share serves again. So threads never pile up on a dead share — at most the calls that
 * were running when it hung stay blocked — and, being daemons, they never keep the process from
 * exiting or the next command from running.
 *
 * <p>A call is for the share whose mount point (registered by {@link #register}, which every
 * command's look at its shares does) holds the path; a path on no registered share (a local
 * temporary directory) runs on the caller's thread. A call made from inside a bounded call runs
 * there too (its outer call already has the deadline).
 */
public final class ShareCalls {
    /** A file-system call that returns something. */
    @FunctionalInterface
    public interface IoCall<T> {
        T call() throws IOException;
    }

    /** A file-system call. */
    @FunctionalInterface
    public interface IoRun {
        void run() throws IOException;
    }

    /** The threads bounded calls run on; marks calls made from inside one. */
    private static final class Worker extends Thread {
        Worker(Runnable task) {
            super(task, "remotefs-share-call");
            setDaemon(true);
        }
    }

    private final Duration deadline;
    private final ExecutorService workers;
    /** mount point → share address */
    private final Map<Path, String> shares = new ConcurrentHashMap<>();
    /** mount point → the call that did not return in time, while it has not */
    private final Map<Path, CompletableFuture<?>> stuck = new ConcurrentHashMap<>();

    /** @param deadline how long one call on a share may take ({@code share_io_timeout}); null: unbounded */
    public ShareCalls(Duration deadline) {
        this.deadline = deadline;
        // a thread per running call, kept a little for the next one; idle ones end (no pool to shut down)
        this.workers = deadline == null ? null : new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), Worker::new);
    }

    /** Every call on the caller's thread, without a deadline (parts built by hand, tests). */
    public static ShareCalls unbounded() {
        return new ShareCalls(null);
    }

    /** The deadline of one call. */
    public Optional<Duration> deadline() {
        return Optional.ofNullable(deadline);
    }

    /** Makes the calls on paths under {@code mountPoint} calls on the share {@code address}. */
    public void register(String address, Path mountPoint) {
        shares.put(mountPoint.toAbsolutePath().normalize(), address);
    }

    /** Runs {@code call} on the share that holds {@code path}, with the deadline. */
    public <T> T call(Path path, IoCall<T> call) throws IOException {
        if (deadline == null || Thread.currentThread() instanceof Worker) {
            return call.call();
        }
        Optional<Map.Entry<Path, String>> share = share(path);
        if (share.isEmpty()) {
            return call.call();
        }
        return call(share.get().getValue(), share.get().getKey(), call);
    }

    /** {@link #call(Path, IoCall)} for a call that returns nothing. */
    public void run(Path path, IoRun run) throws IOException {
        call(path, () -> {
            run.run();
            return null;
        });
    }

    /**
     * {@link #call(Path, IoCall)} for callers without an {@link IOException} of their own: one is
     * {@link ErrorCode#SHARE_IO_ERROR} naming the path.
     */
    public <T> T bounded(Path path, IoCall<T> call) {
        try {
            return call(path, call);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read " + path + ": " + e,
                    Map.of("file", path.toString()), e);
        }
    }

    /**
     * Runs {@code call} for the share {@code address} at {@code mountPoint}, with the deadline.
     * An {@link IOException} or unchecked exception of the call is thrown here as it is.
     *
     * @throws RemoteFsException {@link ErrorCode#SHARE_UNAVAILABLE} ({@code share}, {@code mount_point})
     *         when the call did not return in time, or an earlier call on the share still has not;
     *         {@link ErrorCode#INTERRUPTED} when the wait was interrupted
     */
    public <T> T call(String address, Path mountPoint, IoCall<T> call) throws IOException {
        if (deadline == null || Thread.currentThread() instanceof Worker) {
            return call.call();
        }
        Path key = mountPoint.toAbsolutePath().normalize();
        CompletableFuture<?> earlier = stuck.get(key);
        if (earlier != null && !earlier.isDone()) {
            throw unavailable(address, key, "a call to it has not returned for more than " + deadline.toSeconds()
                    + " s");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        workers.execute(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stuck.put(key, result);
            // the share serves again once the stuck call returns (a result that came meanwhile clears it at once)
            result.whenComplete((value, error) -> stuck.remove(key, result));
            throw unavailable(address, key, "it did not answer within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFsException(ErrorCode.INTERRUPTED, "the wait for share " + address + " (" + key
                    + ") was interrupted", Map.of("share", address, "mount_point", key.toString()));
        }
    }

    /**
     * Refuses, at once, work on a file inside a share that is hung (a call on it has not returned):
     * a command about to start a process on it ({@code qemu-img}) is not started, so processes
     * never pile up on a dead share either. The mount point itself is not refused (unmounting a
     * hung share is how it is cleared).
     *
     * @throws RemoteFsException {@link ErrorCode#SHARE_UNAVAILABLE} naming the share
     */
    public void requireServing(Path path) {
        if (deadline == null) {
            return;
        }
        Optional<Map.Entry<Path, String>> share = share(path);
        if (share.isEmpty() || share.get().getKey().equals(path.toAbsolutePath().normalize())) {
            return;
        }
        CompletableFuture<?> earlier = stuck.get(share.get().getKey());
        if (earlier != null && !earlier.isDone()) {
            throw unavailable(share.get().getValue(), share.get().getKey(), "a call to it has not returned for more "
                    + "than " + deadline.toSeconds() + " s");
        }
    }

    /**
     * Whether the share that holds {@code path} is known to be hung now: a call on it (on any of
     * its registered mount points: a share linked in is registered under its real path too) has
     * not returned within the deadline and still has not. Asks nothing of the share and starts no
     * thread, so it costs a map lookup: what lets a stats answer kept from earlier leave out at
     * once a share that hung since.
     */
    public boolean hung(Path path) {
        if (deadline == null || stuck.isEmpty()) {
            return false;
        }
        Optional<Map.Entry<Path, String>> share = share(path);
        if (share.isEmpty()) {
            return false;
        }
        String address = share.get().getValue();
        for (Map.Entry<Path, CompletableFuture<?>> call : stuck.entrySet()) {
            if (!call.getValue().isDone() && address.equals(shares.get(call.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** The address of the registered share that holds {@code path}, if one does. */
    public Optional<String> shareOf(Path path) {
        return share(path).map(Map.Entry::getValue);
    }

    /** The registered share with the longest mount point that holds {@code path}. */
    private Optional<Map.Entry<Path, String>> share(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Map.Entry<Path, String> best = null;
        for (Map.Entry<Path, String> share : shares.entrySet()) {
            if (absolute.startsWith(share.getKey())
                    && (best == null || share.getKey().getNameCount() > best.getKey().getNameCount())) {
                best = share;
            }
        }
        return Optional.ofNullable(best);
    }

    static RemoteFsException unavailable(String address, Path mountPoint, String why) {
        return new RemoteFsException(ErrorCode.SHARE_UNAVAILABLE, "share " + address + " (" + mountPoint
                + ") is unavailable: " + why, Map.of("share", address, "mount_point", mountPoint.toString()));
    }
}
