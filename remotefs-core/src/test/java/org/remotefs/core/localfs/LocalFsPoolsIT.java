package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.PoolStats;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;

/** localfs with {@code localfs_report_pools}: one pool per share, volumes placed by their host's pool. */
final class LocalFsPoolsIT {
    private static final double GIB = 1L << 30;

    @TempDir
    Path dir;

    private VolumeDriver driver(String options) throws Exception {
        Path gold = Files.createDirectories(dir.resolve("gold"));
        Path silver = Files.createDirectories(dir.resolve("silver"));
        Path shares = Files.writeString(dir.resolve("shares"), gold + "\n" + silver + "\n");
        return LocalFsFixture.driverWithSharesFile(shares, "localfs_report_pools = true\n" + options);
    }

    @Test
    void theStatsHaveOnePoolPerShareAndZeroCapacityAtTheTop() throws Exception {
        VolumeDriver driver = driver("localfs_pool_mappings = \"" + dir.resolve("silver") + ":cheap\"");

        VolumeStats stats = driver.getVolumeStats(true);

        assertThat(stats.totalCapacityGb()).isZero();
        assertThat(stats.freeCapacityGb()).isZero();
        assertThat(stats.pools()).extracting(PoolStats::poolName)
                .containsExactly(dir.resolve("gold").toString(), "cheap");
        double total = Files.getFileStore(dir).getTotalSpace() / GIB;
        for (PoolStats pool : stats.pools()) {
            assertThat(pool.totalCapacityGb()).isCloseTo(total, org.assertj.core.api.Assertions.within(0.01));
            assertThat(pool.freeCapacityGb()).isLessThanOrEqualTo(pool.totalCapacityGb());
            assertThat(pool.thinProvisioningSupport()).isTrue();
            assertThat(pool.toCinderMap()).containsEntry("QoS_support", false);
        }
        assertThat(stats.toCinderMap()).containsKey("pools").doesNotContainKey("provisioned_capacity_gb");
    }

    @Test
    void aVolumeGoesToItsPoolsShareAndAnUnknownPoolCreatesNothing() throws Exception {
        VolumeDriver driver = driver("localfs_pool_mappings = \"" + dir.resolve("silver") + ":cheap\"");
        Volume silver = Volume.create(UUID.randomUUID().toString(), 1).withHost("node@local#cheap");
        Volume gold = Volume.create(UUID.randomUUID().toString(), 1).withHost("node@local#" + dir.resolve("gold"));

        assertThat(driver.createVolume(silver).providerLocation()).isEqualTo(dir.resolve("silver").toString());
        assertThat(driver.createVolume(gold).providerLocation()).isEqualTo(dir.resolve("gold").toString());
        assertThat(dir.resolve("silver").resolve(silver.name())).exists();

        Map<String, Long> before = LocalFsFixture.listing(dir);
        Volume lost = Volume.create(UUID.randomUUID().toString(), 1).withHost("node@local#dear");
        assertThatThrownBy(() -> driver.createVolume(lost))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.details()).containsEntry("pool", "dear");
                });
        assertThat(LocalFsFixture.listing(dir)).isEqualTo(before);
    }

    @Test
    void twoSharesMappedToOnePoolAreRefusedAtSetup() throws Exception {
        VolumeDriver driver = driver("localfs_pool_mappings = \"" + dir.resolve("gold") + ":p," + dir.resolve("silver")
                + ":p\"");

        assertThatThrownBy(driver::doSetup).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE));
    }
}
