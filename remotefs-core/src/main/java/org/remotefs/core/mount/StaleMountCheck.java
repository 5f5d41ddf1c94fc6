package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a stale mount from a live one. A mount point the mount table lists is stale when its root
 * cannot even be looked at because what served it is gone: "Transport endpoint is not connected"
 * ({@code ENOTCONN}: the FUSE client of a GlusterFS mount died) or "Stale file handle"
 * ({@code ESTALE}: an NFS server no longer knows the export). Such a mount serves nothing and never
 * recovers by itself; it must be unmounted and mounted again, which {@link MountRunner} does.
 *
 * <p>The look runs on a daemon thread and is waited for a bounded time: a hung mount (a hard NFS
 * mount whose server is down) blocks no operation. It counts as not stale, since unmounting it
 * would hang too; the operations on it then fail or wait on their own terms.
 */
@ForBackends
public final class StaleMountCheck {
    private static final Logger LOG = LoggerFactory.getLogger(StaleMountCheck.class);
    /** strerror(3) of ENOTCONN and ESTALE, as the JDK reports them. */
    private static final String[] STALE_REASONS = {"transport endpoint is not connected", "stale file handle",
            "stale nfs file handle"};

    private final Duration patience;

    /** Waits at most five seconds for the mount root to answer. */
    public StaleMountCheck() {
        this(Duration.ofSeconds(5));
    }

    /** @param patience how long to wait for the mount root to answer */
    public StaleMountCheck(Duration patience) {
        this.patience = patience;
    }

    /**
     * Why the mount at {@code mountPoint} is stale, or empty when it answers, is missing, or does
     * not answer in time. Reads the root's attributes only; changes nothing.
     */
    public Optional<String> staleReason(Path mountPoint) {
        CompletableFuture<Optional<String>> look = CompletableFuture.supplyAsync(() -> look(mountPoint), task -> {
            Thread thread = new Thread(task, "stale-mount-check " + mountPoint);
            thread.setDaemon(true);
            thread.start();
        });
        try {
            return look.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("the mount at {} did not answer within {} s: left as it is", mountPoint, patience.toSeconds());
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<String> look(Path mountPoint) {
        try {
            Files.readAttributes(mountPoint, BasicFileAttributes.class);
            return Optional.empty();
        } catch (FileSystemException e) {
            return isStale(e.getReason()) ? Optional.of(e.getReason()) : Optional.empty();
        } catch (IOException e) {
            return isStale(e.getMessage()) ? Optional.of(e.getMessage()) : Optional.empty();
        }
    }

    /** Whether an error text is {@code ENOTCONN}'s or {@code ESTALE}'s. */
    static boolean isStale(String reason) {
        if (reason == null) {
            return false;
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        for (String stale : STALE_REASONS) {
            if (lower.contains(stale)) {
                return true;
            }
        }
        return false;
    }
}
