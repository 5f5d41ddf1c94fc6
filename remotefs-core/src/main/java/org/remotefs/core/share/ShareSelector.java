package org.remotefs.core.share;

import java.util.List;

import org.remotefs.api.model.Volume;

/** Chooses the share a new volume goes to. Implementations are thread-safe. */
public interface ShareSelector {

    /**
     * @param volume  the volume to place (its size and, for pool backends, its host's pool)
     * @param mounted the shares mounted now, in configuration order
     * @throws org.remotefs.api.RemoteFsException {@code NO_SHARES_MOUNTED} when {@code mounted} is
     *         empty, {@code NO_SUITABLE_SHARE} when none fits
     */
    MountedShare select(Volume volume, List<MountedShare> mounted);

    /**
     * Whether the share can take {@code additionalGib} more GiB (an extend). The default asks
     * nothing of the share.
     */
    default boolean hasRoom(MountedShare share, int additionalGib) {
        return true;
    }
}
