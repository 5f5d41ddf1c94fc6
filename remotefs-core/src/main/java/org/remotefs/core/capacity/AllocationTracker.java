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
import java.util.concurrent.ConcurrentHashMap;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * The bytes allocated on each share, as Cinder's {@code du} counts them, computed in-process and
 * cached. Cinder walks every share with {@code du} on every volume create and every stats
 * refresh; here a share is walked at most once per {@code provisioned_capacity_cache_seconds},
 * and at once after the driver's own writes ({@link #invalidate}). Changes made by others (another
 * host, Python Cinder) show up at most that many seconds late.
 *
 * <p>Counted like {@code du --apparent-size}: the size of every regular file and directory, each
 * hard-linked file once, symbolic links not followed. Thread-safe.
 */
public final class AllocationTracker {
    private record Entry(AllocatedBytes bytes, long computedAt) {
    }

    private final MonotonicClock clock;
    private final long ttlNanos;
    private final Map<Path, Entry> cache = new ConcurrentHashMap<>();

    public AllocationTracker(MonotonicClock clock, Duration ttl) {
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
    }

    /** The share's allocation, walked now unless a fresh enough figure is cached. */
    public AllocatedBytes allocated(Path mountPoint) {
        long now = clock.nanoTime();
        Entry entry = cache.get(mountPoint);
        if (entry != null && now - entry.computedAt() < ttlNanos) {
            return entry.bytes();
        }
        AllocatedBytes bytes = walk(mountPoint);
        if (ttlNanos > 0) {
            cache.put(mountPoint, new Entry(bytes, now));
        }
        return bytes;
    }

    /** Forgets the share's figure: the next call walks it again. */
    public void invalidate(Path mountPoint) {
        cache.remove(mountPoint);
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
