package org.remotefs.core.capacity;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * The bytes allocated on each share, as Cinder's {@code du} counts them, computed in-process and
 * cached. Cinder walks every share with {@code du} on every volume create and every stats
 * refresh; here a share is walked at most once per {@code provisioned_capacity_cache_seconds}.
 * The driver's own writes ({@link #invalidate}) make the figure stale at once: with a refresher
 * the share is walked again in the background right away, and a reader that comes before that
 * walk is done waits for it — so a figure read after an own write always includes it, and the
 * stats after an operation rarely pay for a walk. Changes made by others (another host, Python
 * Cinder) show up at most {@code provisioned_capacity_cache_seconds} late.
 *
 * <p>Counted like {@code du --apparent-size}: the size of every regular file and directory, each
 * hard-linked file once, symbolic links not followed. Thread-safe.
 */
public final class AllocationTracker {
    /** A figure and the generation of the share's writes it includes. */
    private record Entry(AllocatedBytes bytes, long computedAt, long generation) {
    }

    /** A background walk that includes every write up to {@code generation}. */
    private record Pending(long generation, CompletableFuture<AllocatedBytes> walk) {
    }

    private final MonotonicClock clock;
    private final long ttlNanos;
    private final Optional<Executor> refresher;
    private final Map<Path, Entry> cache = new ConcurrentHashMap<>();
    private final Map<Path, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Map<Path, Pending> pending = new ConcurrentHashMap<>();

    /** Without a refresher: an invalidated share is walked by the next reader. */
    public AllocationTracker(MonotonicClock clock, Duration ttl) {
        this(clock, ttl, Optional.empty());
    }

    /** @param refresher where an invalidated share is walked again at once (one thread is enough) */
    public AllocationTracker(MonotonicClock clock, Duration ttl, Optional<Executor> refresher) {
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
        this.refresher = refresher;
    }

    /** The share's allocation, walked now unless a fresh enough figure is cached or being walked. */
    public AllocatedBytes allocated(Path mountPoint) {
        long generation = generation(mountPoint).get();
        long now = clock.nanoTime();
        Entry entry = cache.get(mountPoint);
        if (entry != null && entry.generation() == generation && now - entry.computedAt() < ttlNanos) {
            return entry.bytes();
        }
        Pending walking = pending.get(mountPoint);
        if (walking != null && walking.generation() == generation) {
            try {
                return walking.walk().join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                // the background walk failed: walk here, and report its error if it fails again
            }
        }
        AllocatedBytes bytes = walk(mountPoint);
        if (ttlNanos > 0) {
            store(mountPoint, new Entry(bytes, now, generation));
        }
        return bytes;
    }

    /**
     * The share changed: its figure is stale. With a refresher the share is walked again at once
     * in the background (a walk that started before this call is not enough: it may miss the change).
     */
    public void invalidate(Path mountPoint) {
        long generation = generation(mountPoint).incrementAndGet();
        cache.remove(mountPoint);
        if (refresher.isEmpty() || ttlNanos <= 0) {
            return;
        }
        CompletableFuture<AllocatedBytes> walk = new CompletableFuture<>();
        pending.put(mountPoint, new Pending(generation, walk));
        try {
            refresher.get().execute(() -> {
                if (generation(mountPoint).get() != generation) {
                    // a later write queued a walk of its own, which this one could only precede
                    walk.cancel(false);
                    return;
                }
                long started = clock.nanoTime();
                try {
                    AllocatedBytes bytes = walk(mountPoint);
                    store(mountPoint, new Entry(bytes, started, generation));
                    walk.complete(bytes);
                } catch (RuntimeException e) {
                    walk.completeExceptionally(e);
                } finally {
                    pending.remove(mountPoint, new Pending(generation, walk));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.remove(mountPoint);
            walk.cancel(false);
        }
    }

    private AtomicLong generation(Path mountPoint) {
        return generations.computeIfAbsent(mountPoint, key -> new AtomicLong());
    }

    /** Keeps a figure unless one that includes later writes is there already. */
    private void store(Path mountPoint, Entry entry) {
        cache.merge(mountPoint, entry, (old, fresh) -> old.generation() > fresh.generation() ? old : fresh);
    }

    /** Walks a share now. A mount point that is a symbolic link (a share linked in, as Windows SMB does) is followed. */
    public static AllocatedBytes walk(Path linkedMountPoint) {
        Path mountPoint;
        try {
            mountPoint = linkedMountPoint.toRealPath();
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot resolve " + linkedMountPoint + ": " + e,
                    Map.of("mount_point", linkedMountPoint.toString()), e);
        }
        long[] sums = new long[2];
        Set<Object> seenLinks = new HashSet<>();
        try {
            Files.walkFileTree(mountPoint, new SimpleFileVisitor<>() {
                private int snapshotDepth;

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean snapshot = !dir.equals(mountPoint) && isSnapshotName(dir);
                    if (snapshot || snapshotDepth > 0) {
                        snapshotDepth++;
                    }
                    count(attrs, snapshotDepth > 0);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (snapshotDepth > 0) {
                        snapshotDepth--;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                        Object key = attrs.fileKey();
                        if (key == null || seenLinks.add(key)) {
                            count(attrs, snapshotDepth > 0 || isSnapshotName(file));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // du reports and goes on; a file deleted while we walk is simply not counted.
                    return FileVisitResult.CONTINUE;
                }

                private void count(BasicFileAttributes attrs, boolean underSnapshot) {
                    sums[0] += attrs.size();
                    if (!underSnapshot) {
                        sums[1] += attrs.size();
                    }
                }
            });
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot walk " + mountPoint + ": " + e,
                    Map.of("mount_point", mountPoint.toString()), e);
        }
        return new AllocatedBytes(sums[0], sums[1]);
    }

    private static boolean isSnapshotName(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().contains("snapshot");
    }
}
