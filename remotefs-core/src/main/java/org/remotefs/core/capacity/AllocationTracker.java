package org.remotefs.core.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.remotefs.core.share.ShareCalls;

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
    private final ShareCalls calls;
    private final java.util.function.Consumer<Path> writes;

    /** Without a refresher: an invalidated share is walked by the next reader. */
    public AllocationTracker(MonotonicClock clock, Duration ttl) {
        this(clock, ttl, Optional.empty());
    }

    /** @param refresher where an invalidated share is walked again at once (one thread is enough) */
    public AllocationTracker(MonotonicClock clock, Duration ttl, Optional<Executor> refresher) {
        this(clock, ttl, refresher, ShareCalls.unbounded());
    }

    /**
     * @param refresher where an invalidated share is walked again at once (one thread is enough)
     * @param calls     bounds each directory read of a walk by the share's deadline ({@code share_io_timeout})
     */
    public AllocationTracker(MonotonicClock clock, Duration ttl, Optional<Executor> refresher, ShareCalls calls) {
        this(clock, ttl, refresher, calls, mountPoint -> { });
    }

    /**
     * @param refresher where an invalidated share is walked again at once (one thread is enough)
     * @param calls     bounds each directory read of a walk by the share's deadline ({@code share_io_timeout})
     * @param writes    told of each of the driver's own writes first, before the share's walk is
     *                  queued ({@link CapacityCache#invalidate}: every own write reaches this
     *                  tracker, so the share's size and free space are refreshed by the same calls)
     */
    public AllocationTracker(MonotonicClock clock, Duration ttl, Optional<Executor> refresher, ShareCalls calls,
                             java.util.function.Consumer<Path> writes) {
        this.writes = writes;
        this.calls = calls;
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
        AllocatedBytes bytes = walk(mountPoint, calls);
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
        writes.accept(mountPoint);
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
                    AllocatedBytes bytes = walk(mountPoint, calls);
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
        return walk(linkedMountPoint, ShareCalls.unbounded());
    }

    /** Entries read from a directory in one call on the share: a huge directory takes several. */
    private static final int BATCH = 256;

    /**
     * {@link #walk(Path)} with every step bounded by the share's deadline: the mount point resolved
     * with its attributes read, then each directory's entries read with their attributes in calls
     * of at most {@value #BATCH} entries each, the directory opened in its first call and closed in
     * its last — so a share that stops answering midway fails the walk ({@code SHARE_UNAVAILABLE})
     * while a large healthy one may take as long as it takes. A share of a few flat directories is
     * walked in a call per directory plus one: each call is a hand-off to the thread that bounds it,
     * which under load costs more than the reads, and the walk after each own write races the
     * stats that follow it.
     */
    public static AllocatedBytes walk(Path linkedMountPoint, ShareCalls calls) {
        Map.Entry<Path, BasicFileAttributes> resolved;
        try {
            resolved = calls.call(linkedMountPoint, () -> {
                Path real = linkedMountPoint.toRealPath();
                return Map.entry(real, Files.readAttributes(real, BasicFileAttributes.class));
            });
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot walk " + linkedMountPoint + ": " + e,
                    Map.of("mount_point", linkedMountPoint.toString()), e);
        }
        Path mountPoint = resolved.getKey();
        // the resolved path is the same share as the configured one
        calls.register(calls.shareOf(linkedMountPoint).orElse(linkedMountPoint.toString()), mountPoint);
        long[] sums = new long[2];
        Set<Object> seenLinks = new HashSet<>();
        count(sums, resolved.getValue(), false);
        java.util.Deque<Map.Entry<Path, Boolean>> directories = new java.util.ArrayDeque<>();
        directories.push(Map.entry(mountPoint, false));
        while (!directories.isEmpty()) {
            Map.Entry<Path, Boolean> directory = directories.pop();
            boolean underSnapshot = directory.getValue();
            for (Map.Entry<Path, BasicFileAttributes> entry : entries(calls, directory.getKey())) {
                Path path = entry.getKey();
                BasicFileAttributes attrs = entry.getValue();
                boolean snapshot = underSnapshot || isSnapshotName(path);
                if (attrs.isDirectory()) {
                    count(sums, attrs, snapshot);
                    directories.push(Map.entry(path, snapshot));
                } else if (attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                    Object key = attrs.fileKey();
                    if (key == null || seenLinks.add(key)) {
                        count(sums, attrs, snapshot);
                    }
                }
            }
        }
        return new AllocatedBytes(sums[0], sums[1]);
    }

    /** A directory being read across bounded calls: opened by the first, closed by the one that reads its end. */
    private static final class OpenDirectory {
        java.nio.file.DirectoryStream<Path> stream;
        java.util.Iterator<Path> names;
        boolean exhausted;
    }

    /**
     * A directory's entries with their attributes (links not followed), read in bounded calls;
     * one that cannot be read counts nothing, as {@code du} reports and goes on.
     */
    private static java.util.List<Map.Entry<Path, BasicFileAttributes>> entries(ShareCalls calls, Path directory) {
        java.util.List<Map.Entry<Path, BasicFileAttributes>> entries = new java.util.ArrayList<>();
        OpenDirectory open = new OpenDirectory();
        try {
            while (!open.exhausted) {
                entries.addAll(calls.call(directory, () -> {
                    if (open.stream == null) {
                        open.stream = Files.newDirectoryStream(directory);
                        open.names = open.stream.iterator();
                    }
                    java.util.List<Map.Entry<Path, BasicFileAttributes>> read = new java.util.ArrayList<>();
                    while (read.size() < BATCH && open.names.hasNext()) {
                        Path path = open.names.next();
                        try {
                            read.add(Map.entry(path, Files.readAttributes(path, BasicFileAttributes.class,
                                    java.nio.file.LinkOption.NOFOLLOW_LINKS)));
                        } catch (IOException e) {
                            // deleted while we walk: not counted
                        }
                    }
                    if (!open.names.hasNext()) {
                        open.exhausted = true;
                        java.nio.file.DirectoryStream<Path> done = open.stream;
                        open.stream = null;
                        try {
                            done.close();
                        } catch (IOException e) {
                            // what was read counts all the same
                        }
                    }
                    return read;
                }));
            }
            return entries;
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return entries;
        } finally {
            java.nio.file.DirectoryStream<Path> left = open.stream;
            if (left != null) {
                try {
                    calls.run(directory, left::close);
                } catch (IOException | RuntimeException e) {
                    // a share that stopped answering keeps the handle until it answers; the walk's own error is the one
                }
            }
        }
    }

    private static void count(long[] sums, BasicFileAttributes attrs, boolean underSnapshot) {
        sums[0] += attrs.size();
        if (!underSnapshot) {
            sums[1] += attrs.size();
        }
    }

    private static boolean isSnapshotName(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().contains("snapshot");
    }
}
