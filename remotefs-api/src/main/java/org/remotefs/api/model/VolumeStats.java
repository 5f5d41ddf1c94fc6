package org.remotefs.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backend's capacity report in Cinder's shape. A flat report (NFS, GlusterFS, localfs) has no
 * pools and carries its capacity at the top; a pool report (Windows SMB) has top-level
 * capacities of 0 and one {@link PoolStats} per share.
 *
 * @param provisionedCapacityGb         null when the backend does not report it
 * @param maxOverSubscriptionRatio      null when the backend does not report it
 * @param thinProvisioningSupport       null when the backend does not report it
 * @param thickProvisioningSupport      null when the backend does not report it
 * @param sparseCopyVolume              null when the backend does not report it
 * @param extra                         further keys, written after Cinder's own
 */
public record VolumeStats(
        String volumeBackendName,
        String vendorName,
        String driverVersion,
        String storageProtocol,
        double totalCapacityGb,
        double freeCapacityGb,
        Double provisionedCapacityGb,
        int reservedPercentage,
        Double maxOverSubscriptionRatio,
        Boolean thinProvisioningSupport,
        Boolean thickProvisioningSupport,
        Boolean sparseCopyVolume,
        List<PoolStats> pools,
        Map<String, Object> extra) {

    public VolumeStats {
        Checks.notBlank("volume_backend_name", volumeBackendName);
        Checks.notBlank("vendor_name", vendorName);
        Checks.notBlank("driver_version", driverVersion);
        Checks.notBlank("storage_protocol", storageProtocol);
        StatsChecks.capacity("total_capacity_gb", totalCapacityGb);
        StatsChecks.capacity("free_capacity_gb", freeCapacityGb);
        if (provisionedCapacityGb != null) {
            StatsChecks.capacity("provisioned_capacity_gb", provisionedCapacityGb);
        }
        StatsChecks.percentage(reservedPercentage);
        if (maxOverSubscriptionRatio != null) {
            StatsChecks.ratio(maxOverSubscriptionRatio);
        }
        pools = pools == null ? List.of() : List.copyOf(pools);
        extra = Checks.copy(extra);
    }

    /** Cinder's stats dictionary: its keys in its order, reported-only-when-known keys left out when null. */
    public Map<String, Object> toCinderMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("volume_backend_name", volumeBackendName);
        map.put("vendor_name", vendorName);
        map.put("driver_version", driverVersion);
        map.put("storage_protocol", storageProtocol);
        map.put("total_capacity_gb", totalCapacityGb);
        map.put("free_capacity_gb", freeCapacityGb);
        map.put("reserved_percentage", reservedPercentage);
        map.put("QoS_support", false);
        putIfNotNull(map, "sparse_copy_volume", sparseCopyVolume);
        putIfNotNull(map, "provisioned_capacity_gb", provisionedCapacityGb);
        putIfNotNull(map, "max_over_subscription_ratio", maxOverSubscriptionRatio);
        putIfNotNull(map, "thin_provisioning_support", thinProvisioningSupport);
        putIfNotNull(map, "thick_provisioning_support", thickProvisioningSupport);
        if (!pools.isEmpty()) {
            map.put("pools", pools.stream().map(PoolStats::toCinderMap).toList());
        }
        extra.forEach(map::putIfAbsent);
        return map;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
