package org.remotefs.core.volume;

import java.util.Optional;

/**
 * What {@code qemu-img info --output=json} says of one image.
 *
 * @param format          {@code format}
 * @param virtualSize     {@code virtual-size} in bytes
 * @param actualSize      {@code actual-size} in bytes (allocated on disk)
 * @param backingFilename {@code backing-filename}, when there is one
 * @param backingFormat   {@code backing-filename-format}, when recorded
 */
public record QemuImgInfo(String format, long virtualSize, long actualSize, Optional<String> backingFilename,
                          Optional<String> backingFormat) {
}
