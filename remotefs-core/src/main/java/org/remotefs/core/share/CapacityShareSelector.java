package org.remotefs.core.share;

import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.capacity.CapacityProbe;
import org.remotefs.core.capacity.ShareCapacity;
import org.remotefs.core.config.CoreOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cinder's NFS share choice ({@code _find_share} with {@code _is_share_eligible}): among the
 * eligible shares, the one with the fewest allocated bytes (the first on a tie). A share is not
 * eligible when
 * <ul>
 * <li>its used fraction exceeds the used ratio ({@code (100 - reserved_percentage) / 100} by
 * default);</li>
 * <li>its apparent free space, {@code max(0, total * ratio - allocated)}, is not more than the
 * volume's size;</li>
 * <li>{@code allocated / total} reaches the over-subscription ratio
 * ({@code max_over_subscription_ratio} by default).</li>
 * </ul>
 * The two ratios are the backend's {@link CapacityLimits}.
 */
public final class CapacityShareSelector implements ShareSelector {
    private static final Logger LOG = LoggerFactory.getLogger(CapacityShareSelector.class);
    private static final double GIB = 1L << 30;

    private final CapacityProbe probe;
    private final AllocationTracker allocation;
    private final CapacityLimits limits;

    /** With the generic options' limits ({@code reserved_percentage}, {@code max_over_subscription_ratio}). */
    public CapacityShareSelector(CapacityProbe probe, AllocationTracker allocation, CoreOptions options) {
        this(probe, allocation, CapacityLimits.from(options));
    }

    public CapacityShareSelector(CapacityProbe probe, AllocationTracker allocation, CapacityLimits limits) {
        this.probe = probe;
        this.allocation = allocation;
        this.limits = limits;
    }

    @Override
    public MountedShare select(Volume volume, List<MountedShare> mounted) {
        if (mounted.isEmpty()) {
            throw new RemoteFsException(ErrorCode.NO_SHARES_MOUNTED, "no share is mounted to place volume " + volume.id(),
                    Map.of("volume_id", volume.id()));
        }
        MountedShare best = null;
        long bestAllocated = Long.MAX_VALUE;
        for (MountedShare share : mounted) {
            ShareCapacity capacity = probe.capacity(share.mountPoint());
            long allocated = allocation.allocated(share.mountPoint()).excludingSnapshotPaths();
            if (eligible(share, capacity, allocated, volume.size()) && allocated < bestAllocated) {
                best = share;
                bestAllocated = allocated;
            }
        }
        if (best == null) {
            throw new RemoteFsException(ErrorCode.NO_SUITABLE_SHARE,
                    "no share has room for volume " + volume.id() + " of " + volume.size() + " GiB",
                    Map.of("volume_id", volume.id(), "size", Integer.toString(volume.size())));
        }
        return best;
    }

    @Override
    public boolean hasRoom(MountedShare share, int additionalGib) {
        allocation.invalidate(share.mountPoint());
        return eligible(share, probe.capacity(share.mountPoint()),
                allocation.allocated(share.mountPoint()).excludingSnapshotPaths(), additionalGib);
    }

    /** Cinder's {@code _is_share_eligible}. */
    boolean eligible(MountedShare share, ShareCapacity capacity, long allocated, int sizeGib) {
        double total = capacity.totalBytes();
        if (total <= 0) {
            LOG.debug("share {} reports no capacity", share.address());
            return false;
        }
        double usedRatio = limits.usedRatio();
        double ratio = limits.overSubscriptionRatio();
        double apparentSize = Math.max(0, total * ratio);
        double apparentAvailable = Math.max(0, apparentSize - allocated);
        double used = (total - capacity.availableBytes()) / total;
        if (used > usedRatio) {
            LOG.debug("share {} is {}% used, over the {}% allowed ({})", share.address(), used * 100, usedRatio * 100,
                    limits.usedRatioOption());
            return false;
        }
        if (apparentAvailable <= sizeGib * GIB) {
            LOG.debug("share {} has {} bytes of apparent space, not more than {} GiB", share.address(),
                    apparentAvailable, sizeGib);
            return false;
        }
        if (allocated / total >= ratio) {
            LOG.debug("share {} is over-subscribed ({} of {}, {})", share.address(), allocated / total, ratio,
                    limits.overSubscriptionRatioOption());
            return false;
        }
        return true;
    }
}
