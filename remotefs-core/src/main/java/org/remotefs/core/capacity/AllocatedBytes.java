package org.remotefs.core.capacity;

/**
 * The apparent size of everything on a share, counted as Cinder's {@code du} calls count it.
 *
 * @param total                  {@code du --bytes -s <mount point>} (provisioned capacity in the stats)
 * @param excludingSnapshotPaths {@code du -sb --apparent-size --exclude '*snapshot*' <mount point>}
 *                               (share selection): entries whose name contains {@code snapshot},
 *                               such as a filer's {@code .snapshot} directory, left out
 */
public record AllocatedBytes(long total, long excludingSnapshotPaths) {
}
