package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.remotefs.api.model.PoolStats;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;
import org.remotefs.tck.TckBackend;

/**
 * Stats with Cinder's keys, and capacity figures judged by what the backend reports and allocates.
 *
 * <p>Free space is {@code statvfs} of the shares' file systems, which other processes share: any of
 * them writing or deleting files moves it between two readings, by any amount. So no test here
 * compares free space with a reading taken at another moment, or before and after an operation;
 * each checks only what no other writer can make false: the file system's size, the blocks of the
 * test's own volume, relations inside one report, and figures of shares that only the test writes to.
 */
@RemoteFsContract
class CapacityContract {
    private static final double GIB = 1L << 30;
    /** Cinder rounds some figures to two decimals; a backend may too. */
    private static final double ROUNDING = 0.01;

    @Test
    void statsHaveCindersKeysAndTheSizeStatvfsGives(Tck tck) throws Exception {
        VolumeStats stats = tck.driver().getVolumeStats(true);

        assertThat(stats.toCinderMap()).containsKeys("volume_backend_name", "vendor_name", "driver_version",
                "storage_protocol", "total_capacity_gb", "free_capacity_gb", "reserved_percentage", "QoS_support");
        // as Cinder's _update_volume_stats: the sum over the shares, each counted (two shares on
        // one file system count it twice, as they do in Cinder). A file system's size does not
        // move when files are written, so this comparison holds whatever else runs.
        double total = 0;
        for (Path share : tck.backend().shareDirectories()) {
            total += Files.getFileStore(share).getTotalSpace() / GIB;
        }
        if (stats.pools().isEmpty()) {
            assertThat(stats.totalCapacityGb()).isCloseTo(total, within(ROUNDING));
        }
        assertThat(stats.freeCapacityGb()).isLessThanOrEqualTo(stats.totalCapacityGb());
        for (PoolStats pool : stats.pools()) {
            assertThat(pool.freeCapacityGb()).as("free space of pool %s", pool.poolName())
                    .isLessThanOrEqualTo(pool.totalCapacityGb());
        }
    }

    @Test
    @Requires(Capability.THICK)
    void aThickVolumeTakesItsWholeSizeFromItsShare(Tck tck) throws Exception {
        TckBackend thick = tck.open(Provisioning.THICK);
        Volume volume = tck.newVolume(thick.driver(), 1);

        Path file = Path.of(thick.driver().findVolume(volume.id()).orElseThrow().path()).toRealPath();
        List<Path> shares = new ArrayList<>();
        for (Path share : thick.shareDirectories()) {
            shares.add(share.toRealPath());
        }
        assertThat(shares).as("the share directories holding %s", file).anySatisfy(share ->
                assertThat(file).startsWith(share));
        // qemu-img's actual-size of a file is st_blocks * 512: the space the file system gave it
        long allocated = QemuTools.info(file).get("actual-size").asLong();
        assertThat(Files.size(file)).as("length of %s", file).isEqualTo(1L << 30);
        assertThat(allocated).as("bytes allocated to %s", file).isGreaterThanOrEqualTo(Files.size(file));

        VolumeStats stats = thick.driver().getVolumeStats(true);
        assertThat(stats.thickProvisioningSupport()).isNotEqualTo(Boolean.FALSE);
        // The volume's blocks are in use on its share's file system and no other writer can free
        // them, so whatever else happens there, the free space reported leaves them out.
        if (stats.pools().isEmpty()) {
            assertThat(stats.freeCapacityGb()).as("free space reported beside a thick 1 GiB volume")
                    .isLessThanOrEqualTo(stats.totalCapacityGb() - 1 + ROUNDING);
        } else {
            assertThat(stats.pools()).as("pools, one of which holds a thick 1 GiB volume").anySatisfy(pool ->
                    assertThat(pool.freeCapacityGb()).isLessThanOrEqualTo(pool.totalCapacityGb() - 1 + ROUNDING));
        }
    }

    @Test
    @Requires(Capability.THIN)
    void provisionedCapacityCountsAThinVolumeAtItsFullSize(Tck tck) throws Exception {
        Double before = provisioned(tck.driver().getVolumeStats(true));

        tck.newVolume(2);

        VolumeStats stats = tck.driver().getVolumeStats(true);
        Double after = provisioned(stats);
        if (before != null && after != null) {
            if (tck.ownsShares(tck.backend())) {
                // shares in the test's own scratch directory: nothing else writes there
                assertThat(after - before).as("growth of provisioned_capacity_gb by a thin 2 GiB volume")
                        .isCloseTo(2.0, within(0.05));
            } else {
                // shares others use too (a configured backend): their volumes come and go between
                // any two reports, but none of them can take ours out of the figure
                assertThat(after).as("provisioned_capacity_gb beside a thin 2 GiB volume")
                        .isGreaterThanOrEqualTo(2 - ROUNDING);
            }
        }
        assertThat(stats.thinProvisioningSupport()).isNotEqualTo(Boolean.FALSE);
    }

    /** The provisioned capacity reported: at the top, or summed over the pools of a pool report. */
    private static Double provisioned(VolumeStats stats) {
        if (stats.pools().isEmpty()) {
            return stats.provisionedCapacityGb();
        }
        return stats.pools().stream().mapToDouble(PoolStats::provisionedCapacityGb).sum();
    }
}
