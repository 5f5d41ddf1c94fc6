package org.remotefs.api.model;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * What remounting one share did ({@link org.remotefs.api.VolumeDriver#remountShares()}).
 *
 * @param share     the share as it is afterwards, mounted or not
 * @param remounted whether it was unmounted (when it was mounted) and mounted again
 * @param error     why it was not, or null when it was: a share in use ("target is busy") stays
 *                  mounted and serving; a share that would not mount again is not mounted
 */
public record ShareRemount(ShareState share, boolean remounted, RemoteFsException error) {

    public ShareRemount {
        Checks.notNull("share", share);
        if (remounted == (error != null)) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "share " + share.address() + ": a remount either succeeded or has an error, not both or neither",
                    java.util.Map.of("share", share.address()));
        }
    }
}
