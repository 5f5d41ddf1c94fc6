package org.remotefs.smb;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

import org.remotefs.core.share.HashedMountProtocol;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;

/**
 * SMB shares: {@code //host/share[/path]} (Cinder's {@code //.+/.+}), mounted with
 * {@code mount -t cifs} by {@link SmbMounter} at {@code <smbfs_mount_point_base>/<md5 of the share>}.
 */
final class SmbProtocol extends HashedMountProtocol {
    static final Pattern SHARE_FORMAT = Pattern.compile("//.+/.+");

    private final ProcMounts mounts;
    private final SmbMounter mounter;

    SmbProtocol(Path base, ProcMounts mounts, SmbMounter mounter) {
        super(base, "smbfs", SHARE_FORMAT, "//host/share[/path]");
        this.mounts = mounts;
        this.mounter = mounter;
    }

    @Override
    public boolean isMounted(Share share) {
        return mounts.isMounted(mountPoint(share));
    }

    /** Checked first, so that a mounted share writes no credentials file. */
    @Override
    public void mount(Share share) {
        if (isMounted(share)) {
            return;
        }
        mounter.mount(share, mountPoint(share));
    }

    /**
     * {@code nas_host} and {@code nas_share_path} name {@code //<nas_host>/<nas_share_path>} (the
     * path's leading slashes dropped). Cinder joins them as {@code host:path}, which its own SMB
     * share format refuses.
     */
    @Override
    public Optional<Share> nasShare(String nasHost, String nasSharePath, String nasMountOptions) {
        if (nasHost == null || nasHost.isEmpty() || nasSharePath == null || nasSharePath.isEmpty()) {
            return Optional.empty();
        }
        String path = nasSharePath.replaceFirst("^/+", "");
        return Optional.of(new Share("//" + nasHost + "/" + path, nasMountOptions, "nas_host and nas_share_path"));
    }

    /** Every password value masked ({@code password=***}). */
    @Override
    public String displayedOptions(Share share) {
        return SmbShareOptions.displayed(share);
    }

    /**
     * The Windows SMB driver's rule for a share without a mapping: its name, the path after the
     * host, backslash-joined ({@code //host/share/sub} gives {@code share\sub}).
     */
    @Override
    public String defaultPoolName(Share share) {
        String unc = share.address().replace('/', '\\').replaceFirst("^\\\\+", "");
        int separator = unc.indexOf('\\');
        return separator < 0 ? unc : unc.substring(separator + 1);
    }
}
