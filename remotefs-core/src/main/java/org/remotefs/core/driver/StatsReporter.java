package org.remotefs.core.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.remotefs.api.model.PoolStats;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.capacity.CapacityProbe;
import org.remotefs.core.capacity.ShareCapacity;
import org.remotefs.core.share.CapacityLimits;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Pools;
import org.remotefs.core.share.RecentShares;
import org.remotefs.core.config.CoreOptions;

/**
 * Cinder's flat stats ({@code _update_volume_stats} of the NFS driver): capacities summed over the
 * mounted shares from {@code statvfs}; provisioned capacity from the allocation tracker for sparse
 * volumes, else used space. Cinder walks every configured share, mounted or not, with {@code du};
 * here only mounted shares count, and walks are cached. How old each figure may be:
 * {@link RecentShares} (the share list), {@link org.remotefs.core.capacity.CapacityCache} (size and
 * free space), {@link AllocationTracker} (allocated bytes).
 */
public final class StatsReporter {
    /** Cinder hard-codes this vendor name for the whole remotefs family. */
    public static final String VENDOR_NAME = "Open Source";
    private static final double GIB = 1L << 30;

    private final DriverIdentity identity;
    private final CoreOptions options;
    private final CapacityProbe probe;
    private final AllocationTracker allocation;
    private final String storageProtocol;
    private final Pools pools;
    private final CapacityLimits limits;
    private final RecentShares shares;

    /**
     * @param probe  each share's size and free space; the driver passes a {@link
     *               org.remotefs.core.capacity.CapacityCache}, whose readings are at most
     *               {@code stats_max_age_seconds} old and never older than the driver's last write
     * @param shares the mounted shares, at most {@code stats_max_age_seconds} old
     * @param limits the backend's eligibility limits: their over-subscription ratio is what the
     *               stats report as {@code max_over_subscription_ratio}
     */
    public StatsReporter(DriverIdentity identity, CoreOptions options, CapacityProbe probe, AllocationTracker allocation,
                         String storageProtocol, Pools pools, CapacityLimits limits, RecentShares shares) {
        this.limits = limits;
        this.identity = identity;
        this.options = options;
        this.probe = probe;
        this.allocation = allocation;
        this.storageProtocol = storageProtocol;
        this.pools = pools;
        this.shares = shares;
    }

    /**
     * For a pool-reporting backend: every share has a pool name of its own.
     *
     * @throws org.remotefs.api.RemoteFsException {@code INVALID_CONFIGURATION_VALUE} naming both shares
     */
    public void checkPools(List<MountedShare> mounted) {
        if (pools.reported()) {
            pools.names(mounted);
        }
    }

    /**
     * The stats of the shares mounted now. On shares whose figures are all younger than
     * {@code stats_max_age_seconds} and that no own write changed since, this makes no call on a
     * share: the list, each share's {@code statvfs} and its allocation are kept, and the answer
     * is built from them (a few microseconds).
     */
    public VolumeStats report() {
        return report(shares.mounted());
    }

    public VolumeStats report(List<MountedShare> mounted) {
        return pools.reported() ? poolReport(mounted) : flatReport(mounted);
    }

    /**
     * Cinder's {@code RemoteFSPoolMixin._update_volume_stats}: top-level capacities of 0 and one
     * pool per mounted share with its own capacity, provisioned capacity and settings.
     */
    private VolumeStats poolReport(List<MountedShare> mounted) {
        List<PoolStats> reported = new ArrayList<>();
        for (Map.Entry<MountedShare, String> pool : pools.names(mounted).entrySet()) {
            Path mountPoint = pool.getKey().mountPoint();
            ShareCapacity capacity = probe.capacity(mountPoint);
            double totalGb = capacity.totalBytes() / GIB;
            double freeGb = capacity.availableBytes() / GIB;
            double provisionedGb = options.sparsedVolumes()
                    ? round2(allocation.allocated(mountPoint).total() / GIB) : round2(totalGb - freeGb);
            reported.add(new PoolStats(pool.getValue(), totalGb, freeGb, provisionedGb, options.reservedPercentage(),
                    limits.overSubscriptionRatio(), options.sparsedVolumes(), !options.sparsedVolumes()));
        }
        return new VolumeStats(options.volumeBackendName().orElse(identity.defaultBackendName()), VENDOR_NAME,
                identity.version(), storageProtocol, 0, 0, null, options.reservedPercentage(), null, null, null,
                Boolean.TRUE, reported, Map.of());
    }

    private VolumeStats flatReport(List<MountedShare> mounted) {
        long total = 0;
        long available = 0;
        long allocated = 0;
        for (MountedShare share : mounted) {
            ShareCapacity capacity = probe.capacity(share.mountPoint());
            total += capacity.totalBytes();
            available += capacity.availableBytes();
            if (options.sparsedVolumes()) {
                allocated += allocation.allocated(share.mountPoint()).total();
            }
        }
        double totalGb = total / GIB;
        double freeGb = available / GIB;
        double provisionedGb = options.sparsedVolumes() ? round2(allocated / GIB) : round2(totalGb - freeGb);
        return new VolumeStats(
                options.volumeBackendName().orElse(identity.defaultBackendName()),
                VENDOR_NAME,
                identity.version(),
                storageProtocol,
                totalGb,
                freeGb,
                provisionedGb,
                options.reservedPercentage(),
                limits.overSubscriptionRatio(),
                options.sparsedVolumes(),
                !options.sparsedVolumes(),
                Boolean.TRUE,
                List.of(),
                Map.of());
    }

    /**
     * Python's {@code round(x, 2)}: the exact binary value rounded half-even, so 2.675 (stored as
     * 2.67499999...) gives 2.67 as in Cinder, not the 2.68 its decimal spelling suggests.
     *
     * <p>Most values are far from a tie: {@code x * 100} is then off the exact product by at most
     * one unit in the last place, which cannot move it across the half, and the nearest integer
     * over 100 is the double nearest the decimal result — Python's answer, with no
     * {@link java.math.BigDecimal}. That matters on a stats call answered from kept figures: it
     * runs a few dozen times in a bench, interpreted, and a {@code BigDecimal} of a double's exact
     * expansion rounded there cost about 80 µs, more than the rest of the call. Values within a few
     * units of a tie (0.125, 2.675) take the exact path.
     */
    static double round2(double value) {
        double scaled = value * 100;
        double below = Math.floor(scaled);
        double fraction = scaled - below; // exact: the low bits of scaled
        if (Math.abs(scaled) < 1e15 && Math.abs(fraction - 0.5) > 4 * Math.ulp(scaled)) {
            return (fraction < 0.5 ? below : below + 1) / 100;
        }
        return new java.math.BigDecimal(value).setScale(2, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
