package org.remotefs.core.driver;

import java.util.List;
import java.util.Map;

import org.remotefs.api.model.VolumeStats;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.capacity.CapacityProbe;
import org.remotefs.core.capacity.ShareCapacity;
import org.remotefs.core.share.MountedShare;

/**
 * Cinder's flat stats ({@code _update_volume_stats} of the NFS driver): capacities summed over the
 * mounted shares from {@code statvfs}; provisioned capacity from the allocation tracker for sparse
 * volumes, else used space. Cinder walks every configured share, mounted or not, with {@code du};
 * here only mounted shares count, and walks are cached.
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

    public StatsReporter(DriverIdentity identity, CoreOptions options, CapacityProbe probe, AllocationTracker allocation,
                         String storageProtocol) {
        this.identity = identity;
        this.options = options;
        this.probe = probe;
        this.allocation = allocation;
        this.storageProtocol = storageProtocol;
    }

    public VolumeStats report(List<MountedShare> mounted) {
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
                options.maxOverSubscriptionRatio(),
                options.sparsedVolumes(),
                !options.sparsedVolumes(),
                Boolean.TRUE,
                List.of(),
                Map.of());
    }

    /**
     * Python's {@code round(x, 2)}: the exact binary value rounded half-even, so 2.675 (stored as
     * 2.67499999...) gives 2.67 as in Cinder, not the 2.68 its decimal spelling suggests.
     */
    static double round2(double value) {
        return new java.math.BigDecimal(value).setScale(2, java.math.RoundingMode.HALF_EVEN).doubleValue();
    }
}
