package org.remotefs.core.capacity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each share's size and free space ({@code statvfs}) kept for at most {@code stats_max_age_seconds},
 * for the stats. Reading {@code statvfs} costs a few microseconds, but every read on a share is a
 * hand-off to the thread that bounds it by {@code share_io_timeout} ({@link
 * org.remotefs.core.share.ShareCalls}), about 45 µs on an idle machine and several times that under
 * load: most of what a stats call cost. Within the bound a reading is reused; a reading is never
 * older than the bound, counted from the moment its {@code statvfs} began.
 *
 * <p>The driver's own writes ({@link #invalidate}, called with the allocation tracker's) drop their
 * share's reading at once: a reading taken before the write is never served after it. With a
 * refresher the share is read again in the background right away (before the allocation walk the
 * same write queues), so the stats after an operation usually find a reading that includes it and
 * pay no hand-off (one that comes first reads the share itself). A reading past half the bound is read again in the background while it is served, so
 * a share polled often is never read on the caller's thread. Changes made by others (another
 * host, Python Cinder) show up at most the bound late.
 * A bound of zero reads on every call. Thread-safe; the clock is injected so the bound is tested
 * without sleeping.
 */
public final class CapacityCache implements CapacityProbe {
    /** A reading and the generation of the share's own writes it includes. */
    private record Reading(ShareCapacity capacity, long readAt, long generation) {
    }

    private final CapacityProbe probe;
    private final MonotonicClock clock;
    private final long maxAgeNanos;
    private final Optional<Executor> refresher;
    private final Optional<Executor> readAhead;
    private final Map<Path, Reading> readings = new ConcurrentHashMap<>();
    private final Map<Path, AtomicLong> generations = new ConcurrentHashMap<>();
    /** Shares read again ahead of the bound right now: one such read at a time per share. */
    private final java.util.Set<Path> readingAhead = ConcurrentHashMap.newKeySet();

    /**
     * @param probe     reads a share now (bounded by the share's deadline)
     * @param maxAge    how old a reading may be when it is served ({@code stats_max_age_seconds})
     * @param refresher where a share written by the driver is read again at once; empty: by the next reader
     */
    public CapacityCache(CapacityProbe probe, MonotonicClock clock, Duration maxAge, Optional<Executor> refresher) {
        this(probe, clock, maxAge, refresher, refresher);
    }

    /**
     * @param readAhead where a reading past half the bound is read again; apart from the refresher,
     *                  so that a look at a share that hangs delays no refresh after a write
     */
    public CapacityCache(CapacityProbe probe, MonotonicClock clock, Duration maxAge, Optional<Executor> refresher,
                         Optional<Executor> readAhead) {
        this.probe = probe;
        this.clock = clock;
        this.maxAgeNanos = maxAge.toNanos();
        this.refresher = refresher;
        this.readAhead = readAhead;
    }

    /** The share's reading if it is younger than the bound and no own write came after it; else {@code statvfs} now. */
    @Override
    public ShareCapacity capacity(Path mountPoint) {
        // the generation first: a write during the read below leaves the reading stale, as it must
        long generation = generation(mountPoint).get();
        long now = clock.nanoTime();
        Reading reading = readings.get(mountPoint);
        if (reading != null && reading.generation() == generation && now - reading.readAt() < maxAgeNanos) {
            if (now - reading.readAt() >= maxAgeNanos / 2) {
                readAhead(mountPoint, generation);
            }
            return reading.capacity();
        }
        ShareCapacity capacity = probe.capacity(mountPoint);
        store(mountPoint, new Reading(capacity, now, generation));
        return capacity;
    }

    /**
     * The driver wrote to the share: its reading is stale. With a refresher the share is read
     * again in the background at once; a reader that comes first reads it itself.
     */
    public void invalidate(Path mountPoint) {
        long generation = generation(mountPoint).incrementAndGet();
        readings.remove(mountPoint);
        if (refresher.isEmpty() || maxAgeNanos <= 0) {
            return;
        }
        try {
            refresher.get().execute(() -> {
                if (generation(mountPoint).get() != generation) {
                    return; // a later write queued a read of its own
                }
                long started = clock.nanoTime();
                try {
                    store(mountPoint, new Reading(probe.capacity(mountPoint), started, generation));
                } catch (RuntimeException e) {
                    // the next reader reads the share itself and reports what it finds (a hung share, an error)
                }
            });
        } catch (RejectedExecutionException e) {
            // no background read: the next reader reads the share
        }
    }

    /**
     * A reading past half its life is read again in the background while it is still served, so
     * that a share polled more often than the bound is never read on the caller's thread: only
     * while someone asks (no timer), one read at a time per share.
     */
    private void readAhead(Path mountPoint, long generation) {
        if (readAhead.isEmpty() || !readingAhead.add(mountPoint)) {
            return;
        }
        try {
            readAhead.get().execute(() -> {
                try {
                    long started = clock.nanoTime();
                    store(mountPoint, new Reading(probe.capacity(mountPoint), started, generation));
                } catch (RuntimeException e) {
                    // the reader reads the share itself once the kept reading has expired, and meets the error
                } finally {
                    readingAhead.remove(mountPoint);
                }
            });
        } catch (RejectedExecutionException e) {
            readingAhead.remove(mountPoint);
        }
    }

    private AtomicLong generation(Path mountPoint) {
        return generations.computeIfAbsent(mountPoint, key -> new AtomicLong());
    }

    /** Keeps the reading that includes the later writes, and of two that include the same, the newer. */
    private void store(Path mountPoint, Reading reading) {
        if (maxAgeNanos <= 0) {
            return;
        }
        readings.merge(mountPoint, reading, (old, fresh) -> old.generation() != fresh.generation()
                ? (old.generation() > fresh.generation() ? old : fresh)
                : (old.readAt() - fresh.readAt() > 0 ? old : fresh));
    }
}
