package org.remotefs.testing;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A volume of a {@link GlusterServer}, started.
 *
 * @param name  the volume's name
 * @param share the share that names it, as a Cinder shares file does: {@code <brick host>:/<name>}
 * @param brick its brick directory, where the files written through a mount are stored as they are
 */
public record GlusterVolume(String name, String share, Path brick) {

    public GlusterVolume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(brick, "brick");
    }

    /** The share of a directory of the volume, {@code <brick host>:/<name>/<directory>} (a sub-directory mount). */
    public String share(String directory) {
        return share + "/" + directory;
    }
}
