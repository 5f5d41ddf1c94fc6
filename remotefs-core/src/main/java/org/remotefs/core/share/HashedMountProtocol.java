package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The part every network protocol shares: a share's files appear at Cinder's, Nova's and
 * os-brick's mount point, {@code <mount point base>/<md5 of the share>}, and the base is what
 * hosts are told as {@code mount_point_base}. Subclasses say how a share is mounted.
 */
@ForBackends
public abstract class HashedMountProtocol implements ShareProtocol {
    private final Path base;
    private final String driverVolumeType;
    private final Pattern shareFormat;
    private final String shareFormatHint;

    protected HashedMountProtocol(Path base, String driverVolumeType, Pattern shareFormat, String shareFormatHint) {
        this.base = base;
        this.driverVolumeType = driverVolumeType;
        this.shareFormat = shareFormat;
        this.shareFormatHint = shareFormatHint;
    }

    @Override
    public final String driverVolumeType() {
        return driverVolumeType;
    }

    @Override
    public final Pattern shareFormat() {
        return shareFormat;
    }

    @Override
    public final String shareFormatHint() {
        return shareFormatHint;
    }

    @Override
    public final Path mountPoint(Share share) {
        return MountPoints.under(base, share.address());
    }

    @Override
    public final Optional<Path> mountPointBase() {
        return Optional.of(base);
    }
}
