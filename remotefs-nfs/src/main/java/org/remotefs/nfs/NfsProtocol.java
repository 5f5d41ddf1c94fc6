package org.remotefs.nfs;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.remotefs.core.share.MountPoints;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.remotefs.core.share.ShareProtocol;

/** NFS shares: {@code host:/export}, mounted at {@code <nfs_mount_point_base>/<md5 of the share>}. */
final class NfsProtocol implements ShareProtocol {
    private static final Pattern FORMAT = Pattern.compile(".+:/.+");

    private final Path base;
    private final ProcMounts mounts;
    private final NfsMounter mounter;

    NfsProtocol(Path base, ProcMounts mounts, NfsMounter mounter) {
        this.base = base;
        this.mounts = mounts;
        this.mounter = mounter;
    }

    @Override
    public String driverVolumeType() {
        return "nfs";
    }

    @Override
    public Pattern shareFormat() {
        return FORMAT;
    }

    @Override
    public String shareFormatHint() {
        return "address:/export";
    }

    @Override
    public Path mountPoint(Share share) {
        return MountPoints.under(base, share.address());
    }

    @Override
    public Optional<Path> mountPointBase() {
        return Optional.of(base);
    }

    @Override
    public boolean isMounted(Share share) {
        return mounts.isMounted(mountPoint(share));
    }

    @Override
    public void mount(Share share) {
        mounter.mount(share, mountPoint(share));
    }
}
