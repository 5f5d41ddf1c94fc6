package org.remotefs.core.share;

import java.util.List;

import org.remotefs.api.model.Volume;

/**
 * Cinder's pool mixin's {@code _find_share}: a volume whose host names a pool goes to that pool's
 * share — if the share has room by the usual rules ({@code NO_SUITABLE_SHARE} otherwise); one
 * without a pool, or on a backend that reports no pools, is placed by the usual selection.
 */
public final class PoolShareSelector implements ShareSelector {
    private final Pools pools;
    private final ShareSelector selection;

    public PoolShareSelector(Pools pools, ShareSelector selection) {
        this.pools = pools;
        this.selection = selection;
    }

    @Override
    public MountedShare select(Volume volume, List<MountedShare> mounted) {
        if (!pools.reported() || volume.pool() == null || mounted.isEmpty()) {
            return selection.select(volume, mounted);
        }
        return selection.select(volume, List.of(pools.shareOf(volume, mounted)));
    }

    @Override
    public boolean hasRoom(MountedShare share, int additionalGib) {
        return selection.hasRoom(share, additionalGib);
    }
}
