package org.remotefs.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** The bound on a reading's age, own writes and background refreshes, on a hand-moved clock (no sleeping). */
final class CapacityCacheTest {
    private static final Path SHARE = Path.of("/mnt/share");
    private static final Path OTHER = Path.of("/mnt/other");
    private static final Duration BOUND = Duration.ofSeconds(1);

    /** A clock moved by the test. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MonotonicClock clock = now::get;

    /** A share whose free space the test sets, counting the reads (what each would cost: a hand-off and a statvfs). */
    private static final class Statvfs implements CapacityProbe {
        final AtomicLong free = new AtomicLong(100);
        final AtomicLong reads = new AtomicLong();
        RuntimeException failure;

        @Override
        public ShareCapacity capacity(Path mountPoint) {
            reads.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            return new ShareCapacity(1000, free.get());
        }
    }

    /** An executor that runs what it is given when the test says. */
    private static final class Queued implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            List<Runnable> run = new ArrayList<>(tasks);
            tasks.clear();
            run.forEach(Runnable::run);
        }
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aReadingIsServedWithinTheBoundAndReadAgainOnceItHasPassed() {
        Statvfs statvfs = new Statvfs();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.empty());

        assertThat(cache.capacity(SHARE).availableBytes()).isEqualTo(100);
        statvfs.free.set(40); // another host writes 60 bytes
        advance(BOUND.minusNanos(1));
        assertThat(cache.capacity(SHARE).availableBytes()).as("just within the bound: the kept reading").isEqualTo(100);
        assertThat(statvfs.reads).hasValue(1);

        advance(Duration.ofNanos(1));
        assertThat(cache.capacity(SHARE).availableBytes()).as("the bound has passed: read again").isEqualTo(40);
        assertThat(statvfs.reads).hasValue(2);
    }

    @Test
    void sharesAreKeptApart() {
        Statvfs statvfs = new Statvfs();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.empty());

        cache.capacity(SHARE);
        cache.capacity(OTHER);
        cache.capacity(SHARE);
        cache.capacity(OTHER);

        assertThat(statvfs.reads).hasValue(2);
    }

    @Test
    void anOwnWriteIsSeenAtOnceEvenWithinTheBound() {
        Statvfs statvfs = new Statvfs();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.empty());
        cache.capacity(SHARE);

        statvfs.free.set(10);
        cache.invalidate(SHARE);

        assertThat(cache.capacity(SHARE).availableBytes()).isEqualTo(10);
        assertThat(cache.capacity(OTHER).availableBytes()).isEqualTo(10);
        assertThat(statvfs.reads).hasValue(3);
    }

    @Test
    void anOwnWriteIsReadAgainInTheBackgroundSoTheNextReaderCallsNothing() {
        Statvfs statvfs = new Statvfs();
        Queued refresher = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.of(refresher));
        cache.capacity(SHARE);

        statvfs.free.set(10);
        cache.invalidate(SHARE);
        refresher.runAll();
        long reads = statvfs.reads.get();

        assertThat(cache.capacity(SHARE).availableBytes()).isEqualTo(10);
        assertThat(statvfs.reads).as("served from the background read").hasValue(reads);
        advance(BOUND);
        cache.capacity(SHARE);
        assertThat(statvfs.reads).as("the background read ages like any other").hasValue(reads + 1);
    }

    @Test
    void aBackgroundReadOvertakenByALaterWriteIsNeitherMadeNorServed() {
        Statvfs statvfs = new Statvfs();
        Queued refresher = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.of(refresher));

        cache.invalidate(SHARE);
        cache.invalidate(SHARE);
        refresher.runAll();

        assertThat(statvfs.reads).as("only the later write's read runs").hasValue(1);
    }

    @Test
    void aReadingTakenWhileAnOwnWriteLandsIsNotServedAfterIt() {
        Statvfs statvfs = new Statvfs();
        Queued refresher = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.of(refresher));
        cache.invalidate(SHARE);
        List<Runnable> olderRead = new ArrayList<>(refresher.tasks);
        refresher.tasks.clear();

        // the first write's background read is slow: a second write lands before it stores
        cache.invalidate(SHARE);
        statvfs.free.set(7);
        refresher.runAll();
        statvfs.free.set(99);
        olderRead.forEach(Runnable::run); // checks its generation: stale, does nothing

        assertThat(cache.capacity(SHARE).availableBytes()).isEqualTo(7);
    }

    @Test
    void aFailedReadIsNotKeptAndTheNextReaderMeetsTheFailure() {
        Statvfs statvfs = new Statvfs();
        Queued refresher = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.of(refresher));
        cache.capacity(SHARE);
        statvfs.failure = new RemoteFsException(ErrorCode.SHARE_UNAVAILABLE, "hung", Map.of());

        cache.invalidate(SHARE);
        refresher.runAll();

        assertThatThrownBy(() -> cache.capacity(SHARE)).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE));
    }

    @Test
    void aReadingPastHalfTheBoundIsReadAgainInTheBackgroundWhileItIsStillServed() {
        Statvfs statvfs = new Statvfs();
        Queued ahead = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.empty(), Optional.of(ahead));
        cache.capacity(SHARE);
        advance(BOUND.dividedBy(2).minusNanos(1));
        cache.capacity(SHARE);
        assertThat(ahead.tasks).as("younger than half the bound").isEmpty();

        advance(Duration.ofNanos(1));
        statvfs.free.set(55);
        assertThat(cache.capacity(SHARE).availableBytes()).as("still served meanwhile").isEqualTo(100);
        cache.capacity(SHARE);
        assertThat(ahead.tasks).as("one read ahead at a time").hasSize(1);
        ahead.runAll();
        long reads = statvfs.reads.get();

        advance(BOUND.dividedBy(2)); // the first reading has expired, the one read ahead has not
        assertThat(cache.capacity(SHARE).availableBytes()).isEqualTo(55);
        assertThat(statvfs.reads).as("no read on the caller's thread").hasValue(reads);
    }

    @Test
    void aReadAheadOvertakenByAnOwnWriteIsNotServed() {
        Statvfs statvfs = new Statvfs();
        Queued ahead = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.empty(), Optional.of(ahead));
        cache.capacity(SHARE);
        advance(BOUND.dividedBy(2));
        cache.capacity(SHARE);
        ahead.tasks.get(0).run(); // reads 100 for the generation before the write below

        statvfs.free.set(1);
        cache.invalidate(SHARE);

        assertThat(cache.capacity(SHARE).availableBytes()).isEqualTo(1);
    }

    @Test
    void aBoundOfZeroReadsOnEveryCallAndQueuesNothing() {
        Statvfs statvfs = new Statvfs();
        Queued refresher = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, Duration.ZERO, Optional.of(refresher));

        cache.capacity(SHARE);
        cache.capacity(SHARE);
        cache.invalidate(SHARE);

        assertThat(statvfs.reads).hasValue(2);
        assertThat(refresher.tasks).isEmpty();
    }

    @Test
    void theAllocationTrackerTellsTheCacheOfEveryOwnWriteBeforeItsWalkIsQueued() {
        Statvfs statvfs = new Statvfs();
        Queued refresher = new Queued();
        CapacityCache cache = new CapacityCache(statvfs, clock, BOUND, Optional.of(refresher));
        AllocationTracker tracker = new AllocationTracker(clock, Duration.ofSeconds(60), Optional.of(refresher),
                org.remotefs.core.share.ShareCalls.unbounded(), cache::invalidate);
        cache.capacity(SHARE);
        statvfs.free.set(3);

        tracker.invalidate(SHARE);

        assertThat(refresher.tasks).as("the statvfs read, then the walk").hasSize(2);
        refresher.tasks.get(0).run();
        assertThat(cache.capacity(SHARE).availableBytes()).isEqualTo(3);
        assertThat(statvfs.reads).hasValue(2);
    }
}
