package org.remotefs.core.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

final class AllocationTrackerTest {
    @TempDir
    Path share;

    private static void file(Path path, int bytes) throws IOException {
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[bytes]);
    }

    private long directorySize(Path dir) throws IOException {
        return Files.readAttributes(dir, java.nio.file.attribute.BasicFileAttributes.class).size();
    }

    @Test
    void countsApparentSizesAsDuDoesAndLeavesSnapshotPathsOutOfTheSelectionFigure() throws IOException {
        file(share.resolve("volume-a"), 1000);
        file(share.resolve(".snapshot/hourly/volume-a"), 500);
        file(share.resolve("my-snapshot-file"), 70);
        Files.createLink(share.resolve("hardlink"), share.resolve("volume-a"));
        Files.createSymbolicLink(share.resolve("symlink"), share.resolve("volume-a"));

        AllocatedBytes bytes = AllocationTracker.walk(share);

        long dirs = directorySize(share) + directorySize(share.resolve(".snapshot"))
                + directorySize(share.resolve(".snapshot/hourly"));
        assertThat(bytes.total()).isEqualTo(1000 + 500 + 70 + dirs);
        assertThat(bytes.excludingSnapshotPaths()).isEqualTo(1000 + directorySize(share));
    }

    @Test
    void aBoundedWalkReadsLargeDirectoriesInBatchesAndCountsTheSame() throws IOException {
        for (int i = 0; i < 700; i++) {
            file(share.resolve("d/f" + i), 3);
        }
        file(share.resolve(".snapshot/volume-a"), 11);
        org.remotefs.core.share.ShareCalls calls = new org.remotefs.core.share.ShareCalls(Duration.ofSeconds(10));
        calls.register("host:/share", share);

        AllocatedBytes bounded = AllocationTracker.walk(share, calls);

        long dirs = directorySize(share) + directorySize(share.resolve("d")) + directorySize(share.resolve(".snapshot"));
        assertThat(bounded.total()).isEqualTo(700 * 3 + 11 + dirs);
        assertThat(bounded).isEqualTo(AllocationTracker.walk(share));
    }

    /** The batch edges: a directory's end read in the call that fills a batch, or in the next. */
    @Test
    void aBoundedWalkCountsDirectoriesOfEveryBatchEdgeAsTheDirectWalkDoes() throws IOException {
        int[] sizes = {0, 1, 255, 256, 257, 512};
        for (int size : sizes) {
            for (int i = 0; i < size; i++) {
                file(share.resolve("d" + size + "/f" + i), 5);
            }
            Files.createDirectories(share.resolve("d" + size));
        }
        org.remotefs.core.share.ShareCalls calls = new org.remotefs.core.share.ShareCalls(Duration.ofSeconds(10));
        calls.register("host:/share", share);

        AllocatedBytes bounded = AllocationTracker.walk(share, calls);

        long dirs = directorySize(share);
        for (int size : sizes) {
            dirs += directorySize(share.resolve("d" + size));
        }
        assertThat(bounded.total()).isEqualTo((1 + 255 + 256 + 257 + 512) * 5L + dirs);
        assertThat(bounded).isEqualTo(AllocationTracker.walk(share));
    }

    @Test
    void aWalkOfAShareWhoseCallIsStuckFailsAtOnceNamingIt() throws Exception {
        file(share.resolve("volume-a"), 10);
        // the deadline is what a walk on a hung share must not wait out; 1 s keeps a loaded machine's pauses inside it
        Duration callDeadline = Duration.ofSeconds(1);
        org.remotefs.core.share.ShareCalls calls = new org.remotefs.core.share.ShareCalls(callDeadline);
        calls.register("host:/share", share);
        java.util.concurrent.CountDownLatch server = new java.util.concurrent.CountDownLatch(1);
        try {
            assertThatThrownBy(() -> calls.call(share, () -> {
                try {
                    return server.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            })).isInstanceOf(RemoteFsException.class);

            long started = System.nanoTime();
            assertThatThrownBy(() -> AllocationTracker.walk(share, calls)).isInstanceOfSatisfying(
                    RemoteFsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE);
                        assertThat(e.details()).containsEntry("share", "host:/share");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(callDeadline);
        } finally {
            server.countDown();
        }
    }

    @Test
    void sparseFilesCountTheirApparentSize() throws IOException {
        try (var file = new java.io.RandomAccessFile(share.resolve("sparse").toFile(), "rw")) {
            file.setLength(1L << 30);
        }

        assertThat(AllocationTracker.walk(share).total()).isEqualTo((1L << 30) + directorySize(share));
    }

    @Test
    void aFigureIsReusedUntilItsTimeIsUpOrItIsInvalidated() throws IOException {
        AtomicLong now = new AtomicLong();
        AllocationTracker tracker = new AllocationTracker(now::get, Duration.ofSeconds(60));
        file(share.resolve("a"), 10);
        long first = tracker.allocated(share).total();

        file(share.resolve("b"), 20);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(tracker.allocated(share).total()).isEqualTo(first);

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(tracker.allocated(share).total()).isEqualTo(first + 20);

        file(share.resolve("c"), 30);
        tracker.invalidate(share);
        assertThat(tracker.allocated(share).total()).isEqualTo(first + 50);
    }

    @Test
    void aZeroCacheTimeWalksEveryTime() throws IOException {
        AllocationTracker tracker = new AllocationTracker(() -> 0L, Duration.ZERO);
        file(share.resolve("a"), 10);
        long first = tracker.allocated(share).total();
        file(share.resolve("b"), 20);

        assertThat(tracker.allocated(share).total()).isEqualTo(first + 20);
    }

    @Test
    void aRefresherWalksAnInvalidatedShareAtOnceAndReadersUseThatWalk() throws IOException {
        List<Runnable> queued = new ArrayList<>();
        AllocationTracker tracker = new AllocationTracker(() -> 0L, Duration.ofSeconds(60), Optional.of(queued::add));
        file(share.resolve("a"), 10);
        long first = tracker.allocated(share).total();

        file(share.resolve("b"), 20);
        tracker.invalidate(share);
        file(share.resolve("c"), 30);
        tracker.invalidate(share);
        file(share.resolve("d"), 40);
        queued.forEach(Runnable::run);
        // written after the last invalidation: not in the figure the refresher walked
        file(share.resolve("e"), 50);

        assertThat(queued).hasSize(2);
        assertThat(tracker.allocated(share).total()).isEqualTo(first + 90);
    }

    @Test
    void aReaderWaitsForTheWalkThatIncludesTheLastWrite() throws Exception {
        ExecutorService walker = Executors.newSingleThreadExecutor();
        try {
            AllocationTracker tracker = new AllocationTracker(() -> 0L, Duration.ofSeconds(60), Optional.of(walker));
            file(share.resolve("a"), 10);
            long first = tracker.allocated(share).total();
            for (int i = 0; i < 50; i++) {
                file(share.resolve("f" + i), 1);
                tracker.invalidate(share);
                assertThat(tracker.allocated(share).total()).isEqualTo(first + i + 1);
            }
        } finally {
            walker.shutdownNow();
        }
    }

    @Test
    void aFailedBackgroundWalkIsTriedAgainByTheReaderWhoseErrorCounts() throws IOException {
        List<Runnable> queued = new ArrayList<>();
        AllocationTracker tracker = new AllocationTracker(() -> 0L, Duration.ofSeconds(60), Optional.of(queued::add));
        Path gone = share.resolve("gone");
        Files.createDirectory(gone);
        tracker.allocated(gone);
        Files.delete(gone);
        tracker.invalidate(gone);
        queued.forEach(Runnable::run);

        assertThatThrownBy(() -> tracker.allocated(gone)).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR));
    }
}
