package org.remotefs.nfs;

import java.nio.file.Path;
import java.util.regex.Pattern;

import org.remotefs.core.share.HashedMountProtocol;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;

/** NFS shares: {@code host:/export} (Cinder's {@code .+:/.+}), mounted by {@link NfsMounter}. */
final class NfsProtocol extends HashedMountProtocol {
    private final ProcMounts mounts;
    private final NfsMounter mounter;

    NfsProtocol(Path base, ProcMounts mounts, NfsMounter mounter) {
        super(base, "nfs", Pattern.compile(".+:/.+"), "address:/export");
        this.mounts = mounts;
        this.mounter = mounter;
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
