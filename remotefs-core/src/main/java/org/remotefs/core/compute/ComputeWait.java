package org.remotefs.core.compute;

import java.time.Duration;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.api.spi.ComputeAssist.SnapshotProgress;
import org.remotefs.core.capacity.MonotonicClock;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Waits for the compute service to finish its part of an online snapshot operation, with
 * Cinder's back-off: polls a second apart for the first 10 s, then 2 s apart up to 20 s, 5 s up to
 * 60 s, then 10 s; gives up after 600 s for a create and 7200 s for a delete. Unlike Cinder it
 * sleeps on every iteration whatever the status (Cinder spins without sleeping on an unexpected
 * status during a create) and measures time on a monotonic clock (Cinder adds up the sleeps).
 */
@Singleton
public final class ComputeWait {
    public static final Duration CREATE_TIMEOUT = Duration.ofSeconds(600);
    public static final Duration DELETE_TIMEOUT = Duration.ofSeconds(7200);
    private static final String DONE = "90%";

    private final MonotonicClock clock;
    private final Sleeper sleeper;

    @Inject
    public ComputeWait(MonotonicClock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Cinder's back-off for the time waited so far. */
    static Duration interval(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        if (seconds <= 10) {
            return Duration.ofSeconds(1);
        }
        if (seconds <= 20) {
            return Duration.ofSeconds(2);
        }
        if (seconds <= 60) {
            return Duration.ofSeconds(5);
        }
        return Duration.ofSeconds(10);
    }

    /** Until the snapshot is {@code creating} at {@code 90%}. */
    public void awaitCreated(ComputeAssist compute, String snapshotId, Duration timeout) {
        await(compute, snapshotId, timeout, true);
    }

    /** Until the snapshot is {@code deleting} at {@code 90%}. */
    public void awaitDeleted(ComputeAssist compute, String snapshotId, Duration timeout) {
        await(compute, snapshotId, timeout, false);
    }

    private void await(ComputeAssist compute, String snapshotId, Duration timeout, boolean create) {
        long start = clock.nanoTime();
        while (true) {
            SnapshotProgress progress = compute.status(snapshotId);
            String status = progress == null ? null : progress.status();
            if (create) {
                if ("creating".equals(status) && DONE.equals(progress.progress())) {
                    return;
                }
                if ("error".equals(status)) {
                    throw failure(snapshotId, "Nova returned \"error\" status while creating snapshot " + snapshotId);
                }
                if ("deleting".equals(status) || "error_deleting".equals(status)) {
                    throw new RemoteFsException(ErrorCode.CONCURRENT_REQUEST,
                            "snapshot " + snapshotId + " is being deleted (" + status + ") while it is created",
                            Map.of("snapshot_id", snapshotId, "status", status));
                }
            } else {
                if ("deleting".equals(status) && DONE.equals(progress.progress())) {
                    return;
                }
                if (!"deleting".equals(status)) {
                    throw failure(snapshotId, "unable to delete snapshot " + snapshotId + ", status: " + status);
                }
            }
            Duration elapsed = Duration.ofNanos(clock.nanoTime() - start);
            try {
                sleeper.sleep(interval(elapsed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(snapshotId, "interrupted while waiting for Nova on snapshot " + snapshotId);
            }
            if (Duration.ofNanos(clock.nanoTime() - start).compareTo(timeout) > 0) {
                throw failure(snapshotId, "timed out after " + timeout.toSeconds() + " s while waiting for Nova update"
                        + " for " + (create ? "creation" : "deletion") + " of snapshot " + snapshotId);
            }
        }
    }

    private static RemoteFsException failure(String snapshotId, String message) {
        return new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR, message, Map.of("snapshot_id", snapshotId));
    }
}
