package org.remotefs.core.volume;

import java.util.Optional;

/**
 * What an image file's header says about it.
 *
 * @param format       the format its magic reveals ({@link ImageFormat#RAW} when none)
 * @param virtualSize  the disk size in bytes it presents (a raw file's length)
 * @param backingFile  the backing file name a qcow2 header records, when it has one
 */
public record ImageHeader(ImageFormat format, long virtualSize, Optional<String> backingFile) {
}
