package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.PoolStats;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/**
 * Cinder's {@code RemoteFSPoolMixin}: one pool per share in the stats (top-level capacities of 0),
 * and a volume whose host names a pool ({@code host@backend#pool}) placed on that pool's share.
 */
@RemoteFsContract
class PoolsContract {

    @Test
    @Requires(Capability.POOLS)
    void theStatsHaveOnePoolPerShareWithItsOwnName(Tck tck) {
        VolumeStats stats = poolReport(tck);

        assertThat(stats.pools()).as("pools of a backend with %d share(s)", tck.backend().shareDirectories().size())
                .hasSize(tck.backend().shareDirectories().size());
        assertThat(stats.totalCapacityGb()).isZero();
        assertThat(stats.freeCapacityGb()).isZero();
        Set<String> names = new HashSet<>();
        for (PoolStats pool : stats.pools()) {
            assertThat(names.add(pool.poolName())).as("pool name %s given once", pool.poolName()).isTrue();
            assertThat(pool.totalCapacityGb()).as("size of pool %s", pool.poolName()).isPositive();
            assertThat(pool.freeCapacityGb()).isLessThanOrEqualTo(pool.totalCapacityGb());
            assertThat(pool.toCinderMap()).containsKeys("pool_name", "total_capacity_gb", "free_capacity_gb",
                    "provisioned_capacity_gb", "reserved_percentage", "max_over_subscription_ratio",
                    "thin_provisioning_support", "thick_provisioning_support", "QoS_support");
        }
    }

    @Test
    @Requires(Capability.POOLS)
    void aVolumeWhoseHostNamesAPoolGoesToThatPoolsShare(Tck tck) {
        List<PoolStats> pools = poolReport(tck).pools();
        Set<String> locations = new HashSet<>();
        for (PoolStats pool : pools) {
            Volume volume = Volume.create(UUID.randomUUID().toString(), 1).withHost("tck@backend#" + pool.poolName());
            ModelUpdate update = tck.driver().createVolume(volume);
            tck.owned(volume, update);

            locations.add(update.providerLocation());
            assertThat(tck.driver().findVolume(volume.id())).as("volume placed in pool %s", pool.poolName())
                    .hasValueSatisfying(stored -> assertThat(stored.providerLocation())
                            .isEqualTo(update.providerLocation()));
        }
        assertThat(locations).as("one share per pool").hasSize(pools.size());
    }

    @Test
    @Requires(Capability.POOLS)
    void aPoolNoShareHasIsRefusedAndNothingIsCreated(Tck tck) throws Exception {
        poolReport(tck);
        var before = tck.listing();
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1).withHost("tck@backend#no-such-pool-"
                + UUID.randomUUID());

        assertThat(Tck.codeOf(() -> tck.driver().createVolume(volume))).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(tck.listing()).isEqualTo(before);
    }

    /**
     * The backend's pool report. A backend may declare pools and still be configured for Cinder's
     * flat stats (localfs without {@code localfs_report_pools}): the pool tests then have nothing to
     * judge and say so, as a skip with its reason, never as a pass.
     */
    private static VolumeStats poolReport(Tck tck) {
        VolumeStats stats = tck.driver().getVolumeStats(true);
        Assumptions.assumeFalse(stats.pools().isEmpty(), "the backend declares pools but is configured for flat"
                + " stats (pools are an option of its, such as localfs_report_pools)");
        return stats;
    }
}
