package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;
import org.remotefs.tck.TckBackend;

/** Stats with Cinder's keys and values consistent with statvfs of the shares. */
@RemoteFsContract
class CapacityContract {
    private static final double GIB = 1L << 30;

    @Test
    void statsHaveCindersKeysAndAgreeWithStatvfs(Tck tck) throws Exception {
        VolumeStats stats = tck.driver().getVolumeStats(true);

        assertThat(stats.toCinderMap()).containsKeys("volume_backend_name", "vendor_name", "driver_version",
                "storage_protocol", "total_capacity_gb", "free_capacity_gb", "reserved_percentage", "QoS_support");
        // as Cinder's _update_volume_stats: the sum over the shares, each counted (two shares on
        // one filesystem count it twice, as they do in Cinder)
        double total = 0;
        double free = 0;
        for (Path share : tck.backend().shareDirectories()) {
            FileStore store = Files.getFileStore(share);
            total += store.getTotalSpace() / GIB;
            free += store.getUsableSpace() / GIB;
        }
        if (stats.pools().isEmpty()) {
            assertThat(stats.totalCapacityGb()).isCloseTo(total, within(0.01));
            assertThat(stats.freeCapacityGb()).isCloseTo(free, within(0.5));
        }
        assertThat(stats.totalCapacityGb()).isGreaterThanOrEqualTo(stats.freeCapacityGb());
    }

    @Test
    @Requires(Capability.THICK)
    void freeSpaceFallsAfterAThickCreate(Tck tck) throws Exception {
        TckBackend thick = tck.open(Provisioning.THICK);
        VolumeStats before = thick.driver().getVolumeStats(true);

        tck.newVolume(thick.driver(), 1);

        VolumeStats after = thick.driver().getVolumeStats(true);
        assertThat(before.freeCapacityGb() - after.freeCapacityGb()).isGreaterThan(0.9);
    }

    @Test
    @Requires(Capability.THIN)
    void provisionedCapacityCountsThinVolumes(Tck tck) {
        Double before = tck.driver().getVolumeStats(true).provisionedCapacityGb();

        tck.newVolume(2);

        Double after = tck.driver().getVolumeStats(true).provisionedCapacityGb();
        if (before != null && after != null) {
            assertThat(after - before).isCloseTo(2.0, within(0.05));
        }
        assertThat(tck.driver().getVolumeStats(true).thinProvisioningSupport()).isNotEqualTo(Boolean.FALSE);
    }
}
