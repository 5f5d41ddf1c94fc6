package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.CapacityProbe;
import org.remotefs.core.capacity.ShareCapacity;

/**
 * Cinder's GlusterFS share choice ({@code _find_share}): the mounted share with the most available
 * space ({@code statvfs}), the first of equals; when even that is smaller than the volume, no share
 * fits. Unlike the NFS rule ({@link CapacityShareSelector}), neither {@code reserved_percentage}
 * nor over-subscription takes part, as in Cinder's GlusterFS driver. A backend binds it in its
 * provider's {@code overrides()} module.
 */
@ForBackends
public final class MostAvailableShareSelector implements ShareSelector {
    private static final long GIB = 1L << 30;

    private final CapacityProbe probe;

    public MostAvailableShareSelector(CapacityProbe probe) {
        this.probe = probe;
    }

    /**
     * @throws RemoteFsException {@code NO_SHARES_MOUNTED} when none is mounted;
     *         {@code NO_SUITABLE_SHARE} with details {@code volume_id} and {@code size} (GiB) when
     *         the volume is larger than the most available space of any share
     */
    @Override
    public MountedShare select(Volume volume, List<MountedShare> mounted) {
        if (mounted.isEmpty()) {
            throw new RemoteFsException(ErrorCode.NO_SHARES_MOUNTED, "no share is mounted to place volume " + volume.id(),
                    Map.of("volume_id", volume.id()));
        }
        MountedShare best = null;
        long mostAvailable = -1;
        for (MountedShare share : mounted) {
            ShareCapacity capacity = probe.capacity(share.mountPoint());
            if (capacity.availableBytes() > mostAvailable) {
                best = share;
                mostAvailable = capacity.availableBytes();
            }
        }
        if ((long) volume.size() * GIB > mostAvailable) {
            throw new RemoteFsException(ErrorCode.NO_SUITABLE_SHARE, "no share has room for volume " + volume.id()
                    + " of " + volume.size() + " GiB: the most available space is " + mostAvailable + " bytes, on "
                    + best.address(), Map.of("volume_id", volume.id(), "size", Integer.toString(volume.size())));
        }
        return best;
    }

    /**
     * Whether the share's available space holds the growth. Cinder's GlusterFS driver extends
     * without asking; here the growth must fit, as a new volume of that size must.
     */
    @Override
    public boolean hasRoom(MountedShare share, int additionalGib) {
        return (long) additionalGib * GIB <= probe.capacity(share.mountPoint()).availableBytes();
    }
}
