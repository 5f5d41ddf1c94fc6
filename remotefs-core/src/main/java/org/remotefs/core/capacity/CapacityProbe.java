package org.remotefs.core.capacity;

import java.nio.file.Path;

/** Reads a mounted share's capacity. Implementations are thread-safe and start no process. */
public interface CapacityProbe {

    /** @throws org.remotefs.api.RemoteFsException {@code SHARE_IO_ERROR} when the mount point cannot be queried */
    ShareCapacity capacity(Path mountPoint);
}
