package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A share whose files are reachable now.
 *
 * @param share      the share
 * @param mountPoint where its files are
 */
@ForBackends
public record MountedShare(Share share, Path mountPoint) {

    public MountedShare {
        Objects.requireNonNull(share, "share is null");
        Objects.requireNonNull(mountPoint, "mountPoint is null");
    }

    public String address() {
        return share.address();
    }
}
