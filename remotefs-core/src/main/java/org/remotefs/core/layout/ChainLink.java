package org.remotefs.core.layout;

import java.nio.file.Path;
import java.util.Optional;

import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;

/**
 * One image of a volume's chain.
 *
 * @param fileName its bare name on the share
 * @param path     its path
 * @param format   the format it is read as (qcow2 for overlays; the recorded or known format of the base)
 * @param header   its header, read as that format
 * @param backing  the bare name of its backing file, checked against the volume's template
 */
public record ChainLink(String fileName, Path path, ImageFormat format, ImageHeader header, Optional<String> backing) {
}
