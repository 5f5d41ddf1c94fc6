package org.remotefs.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One pool of a pool-reporting backend (Cinder's {@code RemoteFSPoolMixin}: one pool per share).
 * Capacities are in GiB, as Cinder reports them.
 */
public record PoolStats(
        String poolName,
        double totalCapacityGb,
        double freeCapacityGb,
        double provisionedCapacityGb,
        int reservedPercentage,
        double maxOverSubscriptionRatio,
        boolean thinProvisioningSupport,
        boolean thickProvisioningSupport) {

    public PoolStats {
        Checks.notBlank("pool name", poolName);
        StatsChecks.capacity("total_capacity_gb", totalCapacityGb);
        StatsChecks.capacity("free_capacity_gb", freeCapacityGb);
        StatsChecks.capacity("provisioned_capacity_gb", provisionedCapacityGb);
        StatsChecks.percentage(reservedPercentage);
        StatsChecks.ratio(maxOverSubscriptionRatio);
    }

    /** Cinder's pool dictionary, keys in Cinder's order. */
    public Map<String, Object> toCinderMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("pool_name", poolName);
        map.put("total_capacity_gb", totalCapacityGb);
        map.put("free_capacity_gb", freeCapacityGb);
        map.put("provisioned_capacity_gb", provisionedCapacityGb);
        map.put("reserved_percentage", reservedPercentage);
        map.put("max_over_subscription_ratio", maxOverSubscriptionRatio);
        map.put("thin_provisioning_support", thinProvisioningSupport);
        map.put("thick_provisioning_support", thickProvisioningSupport);
        map.put("QoS_support", false);
        return map;
    }
}
