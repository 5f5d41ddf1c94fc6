package org.remotefs.glusterfs;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.remotefs.core.mount.MountRootPermissions;
import org.remotefs.core.mount.MountRootWriteCheck;
import org.remotefs.core.mount.RealPath;
import org.remotefs.core.mount.Unmounter;
import org.remotefs.core.share.HashedMountProtocol;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;

/**
 * GlusterFS shares: {@code host:/volume} (Cinder's {@code .+:/.+}; {@code host:volume}, which
 * {@code mount.glusterfs} would take, is refused as Cinder refuses it), mounted with FUSE at
 * {@code <glusterfs_mount_point_base>/<md5 of the share>}.
 *
 * <p>The base is used as written, as Cinder's GlusterFS driver used it, for the mount points and for
 * the {@code mount_point_base} hosts are told; the mount table, which lists resolved paths, is
 * compared with the resolved mount point, so a base through a symbolic link, or written with a
 * doubled or trailing {@code /} (LP#1425551), is still seen mounted (Cinder compared the unresolved
 * one, and its next mount of the share failed with "already mounted").
 *
 * <p>After each mount, as Cinder after each {@code _ensure_share_mounted}: the mount root gets the
 * service's group and group write permission when it lacks them (LP#1236966), then a write test;
 * a root the service cannot write fails the share with an error naming it, and the other shares
 * keep serving.
 */
final class GlusterProtocol extends HashedMountProtocol {
    private final ProcMounts mounts;
    private final GlusterMounter mounter;
    private final Unmounter unmounter;
    private final MountRootPermissions permissions;
    private final MountRootWriteCheck writeCheck;

    GlusterProtocol(Path base, ProcMounts mounts, GlusterMounter mounter, Unmounter unmounter,
                    MountRootPermissions permissions, MountRootWriteCheck writeCheck) {
        super(base, "glusterfs", Pattern.compile(".+:/.+"), "host:/volume");
        this.mounts = mounts;
        this.mounter = mounter;
        this.unmounter = unmounter;
        this.permissions = permissions;
        this.writeCheck = writeCheck;
    }

    /** Where the kernel lists the share's mount: its mount point, symbolic links resolved. */
    private Path listedMountPoint(Share share) {
        return RealPath.of(mountPoint(share));
    }

    @Override
    public boolean isMounted(Share share) {
        return mounts.isMounted(listedMountPoint(share));
    }

    @Override
    public void mount(Share share) {
        Path mountPoint = listedMountPoint(share);
        mounter.mount(share, mountPoint);
        permissions.ensureGroupWritable(share, mountPoint);
        writeCheck.check(share, mountPoint);
    }

    /** {@code umount <mount point>} as root, for {@code remotefs backends --remount}. */
    @Override
    public void unmount(Share share) {
        unmounter.unmount(share, listedMountPoint(share));
    }
}
