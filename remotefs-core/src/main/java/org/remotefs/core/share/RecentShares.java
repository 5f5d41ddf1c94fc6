package org.remotefs.core.share;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.remotefs.core.capacity.MonotonicClock;

/**
 * The backend's mounted shares for the stats: what {@link Shares#ensureMounted()} last found,
 * reused for at most {@code stats_max_age_seconds}. Finding them looks at every share (a
 * {@code statvfs} and a directory read on the thread that bounds calls by {@code share_io_timeout})
 * and re-reads the shares file, which is most of a stats call's cost when nothing changed; Cinder
 * polls the stats every 60 s, so a list a second old answers it as well as a new one.
 *
 * <p>Bounds: a list is never older than the bound, counted from the moment its look began, so a
 * share added to the shares file, or one that answers again, is reported at most the bound late,
 * and one that stopped answering is left out at most the bound (plus the look's
 * {@code share_io_timeout}) late. A listed share that any call has since found hung
 * ({@link ShareCalls#hung}, a map lookup) makes the list stale at once: no figure kept from before
 * hides a share known to be unavailable. A list past half the bound is looked at again in the
 * background while it is still served, so stats polled more often than the bound never wait for
 * a look. Thread-safe; the clock is injected.
 */
public final class RecentShares {
    private record Listing(List<MountedShare> shares, long listedAt) {
    }

    private final Shares shares;
    private final ShareCalls calls;
    private final MonotonicClock clock;
    private final long maxAgeNanos;
    private final java.util.Optional<java.util.concurrent.Executor> refresher;
    private final AtomicReference<Listing> last = new AtomicReference<>();
    /** Whether a look ahead of the bound is queued or running: one at a time. */
    private final java.util.concurrent.atomic.AtomicBoolean lookingAhead = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param maxAge how old a list may be when it is served ({@code stats_max_age_seconds}); zero: looked at every time */
    public RecentShares(Shares shares, ShareCalls calls, MonotonicClock clock, Duration maxAge) {
        this(shares, calls, clock, maxAge, java.util.Optional.empty());
    }

    /**
     * @param refresher where a list past half the bound is looked at again while it is still
     *                  served, so that stats polled more often than the bound never wait for the
     *                  look; empty: the caller looks once the bound has passed
     */
    public RecentShares(Shares shares, ShareCalls calls, MonotonicClock clock, Duration maxAge,
                        java.util.Optional<java.util.concurrent.Executor> refresher) {
        this.shares = shares;
        this.calls = calls;
        this.clock = clock;
        this.maxAgeNanos = maxAge.toNanos();
        this.refresher = refresher;
    }

    /** The mounted shares, as {@link Shares#ensureMounted()} gives them, at most the bound old. */
    public List<MountedShare> mounted() {
        long now = clock.nanoTime();
        Listing listing = last.get();
        if (listing != null && now - listing.listedAt() < maxAgeNanos && noneHung(listing.shares())) {
            if (now - listing.listedAt() >= maxAgeNanos / 2) {
                lookAhead();
            }
            return listing.shares();
        }
        return look(now);
    }

    private List<MountedShare> look(long startedAt) {
        List<MountedShare> mounted = List.copyOf(shares.ensureMounted());
        if (maxAgeNanos > 0) {
            // of two looks, the later one's list stays
            last.accumulateAndGet(new Listing(mounted, startedAt),
                    (old, fresh) -> old != null && old.listedAt() - fresh.listedAt() > 0 ? old : fresh);
        }
        return mounted;
    }

    /** Looks again in the background, only while someone asks (no timer), one look at a time. */
    private void lookAhead() {
        if (refresher.isEmpty() || !lookingAhead.compareAndSet(false, true)) {
            return;
        }
        try {
            refresher.get().execute(() -> {
                try {
                    look(clock.nanoTime());
                } catch (RuntimeException e) {
                    // (an unreadable shares file) the caller looks itself once the bound has passed, and reports it
                } finally {
                    lookingAhead.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            lookingAhead.set(false);
        }
    }

    private boolean noneHung(List<MountedShare> listed) {
        for (MountedShare share : listed) {
            Path mountPoint = share.mountPoint();
            if (calls.hung(mountPoint)) {
                return false;
            }
        }
        return true;
    }
}
