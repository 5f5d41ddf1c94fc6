package org.remotefs.api.spi;

import java.util.Objects;

/**
 * How far one long operation of a driver has come, as a {@link ProgressReporter} is told it.
 *
 * @param operation  Cinder's name of the operation ({@code create_volume}, {@code create_cloned_volume},
 *                   {@code create_volume_from_snapshot}, {@code copy_image_to_volume},
 *                   {@code copy_volume_to_image}, {@code delete_snapshot}, {@code extend_volume})
 * @param volumeId   the id of the volume the operation makes or changes (a snapshot's: its volume's)
 * @param percent    0 to 100; never smaller than the operation's previous report
 * @param bytesDone  the bytes the current step (a download, a write) has copied or written, or -1
 *                   when it does not say (a {@code qemu-img} step tells its percent only)
 * @param bytesTotal the bytes of the current step in all, or -1 when not known
 */
public record ProgressEvent(String operation, String volumeId, int percent, long bytesDone, long bytesTotal) {

    public ProgressEvent {
        Objects.requireNonNull(operation, "operation is null");
        Objects.requireNonNull(volumeId, "volumeId is null");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent " + percent + " is not between 0 and 100");
        }
    }
}
