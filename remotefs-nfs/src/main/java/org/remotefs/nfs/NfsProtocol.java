package org.remotefs.nfs;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.remotefs.core.mount.Unmounter;
import org.remotefs.core.share.HashedMountProtocol;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;

/** NFS shares: {@code host:/export} (Cinder's {@code .+:/.+}), mounted by {@link NfsMounter}. */
final class NfsProtocol extends HashedMountProtocol {
    private final ProcMounts mounts;
    private final NfsMounter mounter;
    private final Unmounter unmounter;

    NfsProtocol(Path base, ProcMounts mounts, NfsMounter mounter, Unmounter unmounter) {
        super(base, "nfs", Pattern.compile(".+:/.+"), "address:/export");
        this.mounts = mounts;
        this.mounter = mounter;
        this.unmounter = unmounter;
    }

    @Override
    public boolean isMounted(Share share) {
        return mounts.isMounted(mountPoint(share));
    }

    @Override
    public void mount(Share share) {
        mounter.mount(share, mountPoint(share));
    }

    /** {@code umount <mount point>} as root, for {@code remotefs backends --remount}. */
    @Override
    public void unmount(Share share) {
        unmounter.unmount(share, mountPoint(share));
    }
}
