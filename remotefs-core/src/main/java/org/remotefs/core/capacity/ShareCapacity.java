package org.remotefs.core.capacity;

/**
 * A share's size and free space, from {@code statvfs} of its mount point.
 *
 * @param totalBytes     {@code f_blocks * f_frsize}
 * @param availableBytes {@code f_bavail * f_frsize}: free space an unprivileged user may take
 */
public record ShareCapacity(long totalBytes, long availableBytes) {

    public long usedBytes() {
        return totalBytes - availableBytes;
    }
}
