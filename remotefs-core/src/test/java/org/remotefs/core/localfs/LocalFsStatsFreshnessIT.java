package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.PoolStats;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.testing.BindfsShare;

/**
 * Stats answered from kept state ({@code stats_max_age_seconds}) stay correct, through the public
 * driver API on real files: the driver's own create is in the very next stats, a file another
 * writer put on the share (another host, Python Cinder) is in the stats once the bounds have
 * passed, and a share that stops answering is not hidden behind figures kept from before it did.
 */
final class LocalFsStatsFreshnessIT {
    // share_io_timeout of the pooled driver: a stats call that waited on the hung share takes at least this
    private static final int SHARE_IO_TIMEOUT_SECONDS = 2;

    @TempDir
    Path work;

    @Test
    void anOwnCreateIsInTheNextStatsAtOnceAndAFileWrittenBehindItsBackOnceTheBoundHasPassed() throws Exception {
        Path share = Files.createDirectories(work.resolve("share"));
        // both bounds at one second: the share list and statvfs, and the allocation walk
        VolumeDriver driver = LocalFsFixture.driver(share,
                "stats_max_age_seconds = 1\nprovisioned_capacity_cache_seconds = 1");
        driver.doSetup();
        double before = driver.getVolumeStats(true).provisionedCapacityGb();

        created(driver, 2);

        // well within both bounds of the last stats: the own write shows at once
        assertThat(driver.getVolumeStats(true).provisionedCapacityGb()).as("right after an own 2 GiB create")
                .isCloseTo(before + 2, within(0.02));

        // another writer: a 3 GiB sparse file in the share, as Cinder's truncate would make it
        long written = System.nanoTime();
        try (RandomAccessFile file = new RandomAccessFile(share.resolve("volume-" + UUID.randomUUID()).toFile(), "rw")) {
            file.setLength(3L << 30);
        }
        // the bound counts from the moment a figure was read, which was before the write
        Thread.sleep(Math.max(0, 1100 - Duration.ofNanos(System.nanoTime() - written).toMillis()));

        assertThat(driver.getVolumeStats(true).provisionedCapacityGb()).as("once the bound has passed")
                .isCloseTo(before + 5, within(0.02));
    }

    @Test
    void aBoundOfZeroSeesEveryChangeAtOnce() throws Exception {
        Path share = Files.createDirectories(work.resolve("share"));
        VolumeDriver driver = LocalFsFixture.driver(share,
                "stats_max_age_seconds = 0\nprovisioned_capacity_cache_seconds = 0");
        driver.doSetup();
        double before = driver.getVolumeStats(true).provisionedCapacityGb();

        try (RandomAccessFile file = new RandomAccessFile(share.resolve("volume-" + UUID.randomUUID()).toFile(), "rw")) {
            file.setLength(1L << 30);
        }

        assertThat(driver.getVolumeStats(true).provisionedCapacityGb()).isCloseTo(before + 1, within(0.02));
    }

    @Test
    void aShareThatStopsAnsweringIsLeftOutOnceTheBoundHasPassedWithNoOtherCallOnIt() throws Exception {
        Assumptions.assumeTrue(BindfsShare.available(), "bindfs or /dev/fuse is missing");
        Path healthy = Files.createDirectories(work.resolve("healthy"));
        try (BindfsShare share = new BindfsShare(work.resolve("backing"), work.resolve("hung")).start()) {
            Path hung = share.mountPoint();
            VolumeDriver driver = pooled(hung, healthy, 1);
            assertThat(driver.getVolumeStats(true).pools()).extracting(PoolStats::poolName)
                    .containsExactly(hung.toString(), healthy.toString());

            share.stop();
            Thread.sleep(1100);

            assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                    assertThat(driver.getVolumeStats(true).pools()).as("the first stats after the bound looks again")
                            .extracting(PoolStats::poolName).containsExactly(healthy.toString()));
            long again = System.nanoTime();
            assertThat(driver.getVolumeStats(true).pools()).extracting(PoolStats::poolName)
                    .containsExactly(healthy.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - again)).as("and the next one answers at once")
                    .isLessThan(Duration.ofSeconds(SHARE_IO_TIMEOUT_SECONDS));
        }
    }

    @Test
    void aShareAnotherCallFoundHungIsLeftOutAtOnceWhateverTheBound() throws Exception {
        Assumptions.assumeTrue(BindfsShare.available(), "bindfs or /dev/fuse is missing");
        Path healthy = Files.createDirectories(work.resolve("healthy"));
        try (BindfsShare share = new BindfsShare(work.resolve("backing"), work.resolve("hung")).start()) {
            Path hung = share.mountPoint();
            // a bound far beyond the test: only the hung mark can make the kept list stale
            VolumeDriver driver = pooled(hung, healthy, 3600);
            assertThat(driver.getVolumeStats(true).pools()).hasSize(2);

            share.stop();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> driver.listVolumes());

            long asked = System.nanoTime();
            assertThat(driver.getVolumeStats(true).pools()).as("the listing found the share hung")
                    .extracting(PoolStats::poolName).containsExactly(healthy.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("without waiting on the hung share")
                    .isLessThan(Duration.ofSeconds(SHARE_IO_TIMEOUT_SECONDS));
        }
    }

    /** A pool-reporting localfs over the two shares: a pool per share, named by its directory. */
    private VolumeDriver pooled(Path first, Path second, int maxAgeSeconds) throws Exception {
        Path sharesFile = work.resolve("shares");
        Files.writeString(sharesFile, first + "\n" + second + "\n", StandardCharsets.UTF_8);
        return LocalFsFixture.driverWithSharesFile(sharesFile, "localfs_report_pools = true\nshare_io_timeout = "
                + SHARE_IO_TIMEOUT_SECONDS + "\n"
                + "stats_max_age_seconds = " + maxAgeSeconds);
    }

    private static Volume created(VolumeDriver driver, int sizeGb) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), sizeGb);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE);
    }
}
