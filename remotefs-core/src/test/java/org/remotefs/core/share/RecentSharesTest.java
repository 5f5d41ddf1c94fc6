package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.capacity.MonotonicClock;
import org.remotefs.core.config.CoreOptions;
import org.remotefs.core.localfs.LocalFsProtocol;

/**
 * The stats' share list: kept within the bound, looked at again after it, and dropped at once when
 * a listed share is found hung. Real directories and a real shares file; a hand-moved clock.
 */
final class RecentSharesTest {
    private static final Duration BOUND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final MonotonicClock clock = now::get;

    private Shares shares(Path sharesFile, ShareCalls calls) {
        CoreOptions options = new CoreOptions("localfs", Optional.of(sharesFile), true, false, "", "", null, "false",
                "false", 0, 20.0, Optional.empty(), "", Duration.ofSeconds(5), Duration.ZERO, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(600), Duration.ofSeconds(10), BOUND);
        return new Shares(new ShareSource(options, new LocalFsProtocol()), new LocalFsProtocol(), new ShareProbe(calls));
    }

    private Path sharesFile(Path... shares) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path share : shares) {
            text.append(share).append('\n');
        }
        return Files.writeString(dir.resolve("shares"), text);
    }

    @Test
    void aShareAddedToTheSharesFileIsListedOnceTheBoundHasPassed() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one"));
        Path two = Files.createDirectories(dir.resolve("two"));
        Path file = sharesFile(one);
        ShareCalls calls = new ShareCalls(Duration.ofSeconds(10));
        RecentShares recent = new RecentShares(shares(file, calls), calls, clock, BOUND);
        assertThat(recent.mounted()).extracting(MountedShare::mountPoint).containsExactly(one);

        sharesFile(one, two);
        now.addAndGet(BOUND.toNanos() - 1);
        assertThat(recent.mounted()).as("within the bound: the kept list").extracting(MountedShare::mountPoint)
                .containsExactly(one);

        now.addAndGet(1);
        assertThat(recent.mounted()).as("the bound has passed").extracting(MountedShare::mountPoint)
                .containsExactly(one, two);
    }

    @Test
    void aListPastHalfTheBoundIsLookedAtAgainInTheBackgroundWhileItIsStillServed() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one"));
        Path two = Files.createDirectories(dir.resolve("two"));
        Path file = sharesFile(one);
        ShareCalls calls = new ShareCalls(Duration.ofSeconds(10));
        java.util.List<Runnable> queued = new java.util.ArrayList<>();
        RecentShares recent = new RecentShares(shares(file, calls), calls, clock, BOUND,
                Optional.of(queued::add));
        recent.mounted();
        sharesFile(one, two);

        now.addAndGet(BOUND.toNanos() / 2);
        assertThat(recent.mounted()).as("still served").extracting(MountedShare::mountPoint).containsExactly(one);
        recent.mounted();
        assertThat(queued).as("one look ahead at a time").hasSize(1);
        queued.get(0).run();

        now.addAndGet(BOUND.toNanos() / 2); // the first list has expired, the one looked at ahead has not
        assertThat(recent.mounted()).extracting(MountedShare::mountPoint).containsExactly(one, two);
        assertThat(queued).as("that list is half its bound old in turn: the next look is queued").hasSize(2);
    }

    @Test
    void aBoundOfZeroLooksEveryTime() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one"));
        Path two = Files.createDirectories(dir.resolve("two"));
        Path file = sharesFile(one);
        ShareCalls calls = new ShareCalls(Duration.ofSeconds(10));
        RecentShares recent = new RecentShares(shares(file, calls), calls, clock, Duration.ZERO);
        recent.mounted();

        sharesFile(one, two);

        assertThat(recent.mounted()).extracting(MountedShare::mountPoint).containsExactly(one, two);
    }

    @Test
    void aListedShareFoundHungIsLeftOutAtOnceWithinTheBound() throws Exception {
        Path hung = Files.createDirectories(dir.resolve("hung"));
        Path healthy = Files.createDirectories(dir.resolve("healthy"));
        Duration callDeadline = Duration.ofSeconds(1);
        ShareCalls calls = new ShareCalls(callDeadline);
        RecentShares recent = new RecentShares(shares(sharesFile(hung, healthy), calls), calls, clock, BOUND);
        assertThat(recent.mounted()).extracting(MountedShare::mountPoint).containsExactly(hung, healthy);
        CountDownLatch server = new CountDownLatch(1);
        try {
            // a call of some other command on the share does not return: the share is hung
            assertThatThrownBy(() -> calls.call(hung.resolve("volume-a"), () -> {
                try {
                    return server.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }))
                    .isInstanceOfSatisfying(RemoteFsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE));
            assertThat(calls.hung(hung)).isTrue();
            assertThat(calls.hung(healthy)).isFalse();

            long started = System.nanoTime();
            assertThat(recent.mounted()).as("no time has passed on the clock, yet the hung share is gone")
                    .extracting(MountedShare::mountPoint).containsExactly(healthy);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("the look at the hung share fails at once, without waiting the share call's deadline")
                    .isLessThan(callDeadline);
        } finally {
            server.countDown();
        }
        // the stuck call returns: the share serves again, and the next look after the bound lists it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.hung(hung) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(calls.hung(hung)).isFalse();
        now.addAndGet(BOUND.toNanos());
        assertThat(recent.mounted()).extracting(MountedShare::mountPoint).containsExactly(hung, healthy);
    }
}
