package org.remotefs.core.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ComputeAssist;

/** The wait on a fake clock that only the fake sleeper moves. */
final class ComputeWaitTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();
    private final ComputeWait wait = new ComputeWait(now::get, duration -> {
        sleeps.add(duration);
        now.addAndGet(duration.toNanos());
    });

    /** A compute service whose status is a function of the fake time in seconds. */
    private ComputeAssist reporting(LongFunction<ComputeAssist.SnapshotProgress> byTime) {
        return new ComputeAssist() {
            @Override
            public void createSnapshot(String volumeId, Map<String, Object> createInfo) {
            }

            @Override
            public void deleteSnapshot(String snapshotId, Map<String, Object> deleteInfo) {
            }

            @Override
            public SnapshotProgress status(String snapshotId) {
                return byTime.apply(Duration.ofNanos(now.get()).toSeconds());
            }
        };
    }

    @Test
    void backsOffAsCinderDoes() {
        assertThat(ComputeWait.interval(Duration.ofSeconds(0))).hasSeconds(1);
        assertThat(ComputeWait.interval(Duration.ofSeconds(10))).hasSeconds(1);
        assertThat(ComputeWait.interval(Duration.ofSeconds(11))).hasSeconds(2);
        assertThat(ComputeWait.interval(Duration.ofSeconds(20))).hasSeconds(2);
        assertThat(ComputeWait.interval(Duration.ofSeconds(21))).hasSeconds(5);
        assertThat(ComputeWait.interval(Duration.ofSeconds(60))).hasSeconds(5);
        assertThat(ComputeWait.interval(Duration.ofSeconds(61))).hasSeconds(10);
    }

    @Test
    void returnsWhenNovaReportsNinetyPercent() {
        wait.awaitCreated(reporting(t -> new ComputeAssist.SnapshotProgress("creating", t >= 30 ? "90%" : null)),
                "s", ComputeWait.CREATE_TIMEOUT);

        assertThat(sleeps).startsWith(Duration.ofSeconds(1)).contains(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(now.get()).toSeconds()).isBetween(30L, 35L);
    }

    @Test
    void createTimesOutAfterSixHundredSecondsSleepingAllTheWay() {
        assertThatThrownBy(() -> wait.awaitCreated(reporting(t -> new ComputeAssist.SnapshotProgress("creating", null)),
                "s", ComputeWait.CREATE_TIMEOUT))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.COMPUTE_SERVICE_ERROR));
        assertThat(Duration.ofNanos(now.get()).toSeconds()).isBetween(600L, 610L);
        // 1 s at 0..10 s elapsed, 2 s at 11..19, 5 s at 21..56, 10 s from 61 until past 600
        assertThat(sleeps).hasSize(11 + 5 + 8 + 54);
    }

    @Test
    void anUnexpectedStatusSleepsRatherThanSpinning() {
        assertThatThrownBy(() -> wait.awaitCreated(reporting(t -> new ComputeAssist.SnapshotProgress("available", null)),
                "s", Duration.ofSeconds(30)))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.COMPUTE_SERVICE_ERROR));
        assertThat(sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isPositive());
    }

    @Test
    void errorsAndConcurrentDeletesEndTheCreateWait() {
        assertThatThrownBy(() -> wait.awaitCreated(reporting(t -> new ComputeAssist.SnapshotProgress(t < 3 ? "creating" : "error",
                null)), "s", ComputeWait.CREATE_TIMEOUT))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.COMPUTE_SERVICE_ERROR));
        assertThatThrownBy(() -> wait.awaitCreated(reporting(t -> new ComputeAssist.SnapshotProgress("error_deleting",
                null)), "s", ComputeWait.CREATE_TIMEOUT))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST));
    }

    @Test
    void deleteWaitsForDeletingAtNinetyPercentAndFailsOnAnythingElse() {
        wait.awaitDeleted(reporting(t -> new ComputeAssist.SnapshotProgress("deleting", t >= 70 ? "90%" : "50%")),
                "s", ComputeWait.DELETE_TIMEOUT);
        assertThat(sleeps).contains(Duration.ofSeconds(10));

        assertThatThrownBy(() -> wait.awaitDeleted(reporting(t -> new ComputeAssist.SnapshotProgress("error_deleting",
                null)), "s", ComputeWait.DELETE_TIMEOUT))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.COMPUTE_SERVICE_ERROR));
    }

    @Test
    void deleteTimesOutAfterTwoHours() {
        assertThatThrownBy(() -> wait.awaitDeleted(reporting(t -> new ComputeAssist.SnapshotProgress("deleting", null)),
                "s", ComputeWait.DELETE_TIMEOUT))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.COMPUTE_SERVICE_ERROR));
        assertThat(Duration.ofNanos(now.get()).toSeconds()).isBetween(7200L, 7210L);
    }
}
