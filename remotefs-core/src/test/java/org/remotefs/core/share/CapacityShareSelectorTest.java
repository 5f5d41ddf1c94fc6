package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.capacity.AllocationTracker;
import org.remotefs.core.capacity.ShareCapacity;
import org.remotefs.core.config.CoreOptions;

/** Cinder's eligibility rules, on real directories with a stand-in for statvfs. */
final class CapacityShareSelectorTest {
    private static final long GIB = 1L << 30;
    private static final Volume ONE_GIB = Volume.create("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", 1);

    @TempDir
    Path dir;

    private static CoreOptions options(int reservedPercentage, double ratio) {
        return new CoreOptions("localfs", Optional.empty(), true, false, "", "", null, "false", "false",
                reservedPercentage, ratio, Optional.empty(), "", Duration.ofSeconds(5), Duration.ZERO, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(600), Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    private MountedShare share(String name, long allocatedBytes) throws IOException {
        Path mountPoint = Files.createDirectories(dir.resolve(name));
        if (allocatedBytes > 0) {
            try (var file = new java.io.RandomAccessFile(mountPoint.resolve("volume-x").toFile(), "rw")) {
                file.setLength(allocatedBytes);
            }
        }
        return new MountedShare(new Share("/" + name, null, "test"), mountPoint);
    }

    private CapacityShareSelector selector(Map<String, ShareCapacity> capacities, CoreOptions options) {
        return new CapacityShareSelector(mountPoint -> capacities.get(mountPoint.getFileName().toString()),
                new AllocationTracker(() -> 0L, Duration.ZERO), options);
    }

    @Test
    void choosesTheEligibleShareWithTheLeastAllocated() throws IOException {
        List<MountedShare> shares = List.of(share("a", 5 * GIB), share("b", 2 * GIB), share("c", 3 * GIB));
        Map<String, ShareCapacity> capacities = Map.of(
                "a", new ShareCapacity(100 * GIB, 90 * GIB),
                "b", new ShareCapacity(100 * GIB, 90 * GIB),
                "c", new ShareCapacity(100 * GIB, 90 * GIB));

        assertThat(selector(capacities, options(0, 1.0)).select(ONE_GIB, shares).address()).isEqualTo("/b");
    }

    @Test
    void aShareUsedBeyondTheReserveIsNotEligible() throws IOException {
        List<MountedShare> shares = List.of(share("full", 0), share("roomy", 50 * GIB));
        Map<String, ShareCapacity> capacities = Map.of(
                "full", new ShareCapacity(100 * GIB, 5 * GIB),      // 95 % used
                "roomy", new ShareCapacity(100 * GIB, 50 * GIB));

        assertThat(selector(capacities, options(10, 20.0)).select(ONE_GIB, shares).address()).isEqualTo("/roomy");
    }

    @Test
    void apparentSpaceMustExceedTheVolume() throws IOException {
        List<MountedShare> shares = List.of(share("tight", 9 * GIB));
        Map<String, ShareCapacity> capacities = Map.of("tight", new ShareCapacity(10 * GIB, 10 * GIB));

        // apparent free = 10 GiB * 1.0 - 9 GiB = 1 GiB: not more than 1 GiB
        assertThatThrownBy(() -> selector(capacities, options(0, 1.0)).select(ONE_GIB, shares))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.NO_SUITABLE_SHARE);
                    assertThat(((RemoteFsException) e).details()).containsEntry("size", "1");
                });
        // over-subscription makes room
        assertThat(selector(capacities, options(0, 2.0)).select(ONE_GIB, shares).address()).isEqualTo("/tight");
    }

    @Test
    void anOverSubscribedShareIsNotEligible() throws IOException {
        List<MountedShare> shares = List.of(share("over", 30 * GIB));
        Map<String, ShareCapacity> capacities = Map.of("over", new ShareCapacity(10 * GIB, 10 * GIB));

        assertThatThrownBy(() -> selector(capacities, options(0, 3.0)).select(ONE_GIB, shares))
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.NO_SUITABLE_SHARE);
    }

    @Test
    void noMountedShareIsItsOwnError() {
        assertThatThrownBy(() -> selector(Map.of(), options(0, 1.0)).select(ONE_GIB, List.of()))
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.NO_SHARES_MOUNTED);
    }

    @Test
    void theFirstShareWinsATie() throws IOException {
        List<MountedShare> shares = List.of(share("first", 0), share("second", 0));
        ShareCapacity same = new ShareCapacity(100 * GIB, 100 * GIB);

        assertThat(selector(Map.of("first", same, "second", same), options(0, 1.0)).select(ONE_GIB, shares).address())
                .isEqualTo("/first");
    }

    @Test
    void aBackendsOwnLimitsReplaceTheGenericOptions() throws IOException {
        // Cinder's Linux SMB rules: smbfs_used_ratio 0.5, smbfs_oversub_ratio 0.5 (below 1, which
        // max_over_subscription_ratio cannot be)
        CapacityLimits limits = new CapacityLimits(0.5, 0.5, "smbfs_used_ratio", "smbfs_oversub_ratio");
        List<MountedShare> shares = List.of(share("used", 0), share("subscribed", 4 * GIB + 1), share("fits", 3 * GIB));
        Map<String, ShareCapacity> capacities = Map.of(
                "used", new ShareCapacity(10 * GIB, 4 * GIB),         // 60 % used: above 0.5
                "subscribed", new ShareCapacity(10 * GIB, 10 * GIB),  // apparent free 5 GiB - 4 GiB - 1 byte < 1 GiB
                "fits", new ShareCapacity(10 * GIB, 10 * GIB));       // apparent free 2 GiB
        CapacityShareSelector selector = new CapacityShareSelector(
                mountPoint -> capacities.get(mountPoint.getFileName().toString()),
                new AllocationTracker(() -> 0L, Duration.ZERO), limits);

        assertThat(selector.select(ONE_GIB, shares).address()).isEqualTo("/fits");
        assertThat(selector.hasRoom(shares.get(2), 2)).isFalse();
        // the generic options would have taken the emptiest share
        assertThat(selector(capacities, options(0, 20.0)).select(ONE_GIB, shares).address()).isEqualTo("/used");
    }

    @Test
    void limitsOutOfTheirRangesAreConfigurationErrorsNamingTheOption() {
        assertThatThrownBy(() -> new CapacityLimits(0, 1.0, "smbfs_used_ratio", "smbfs_oversub_ratio"))
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(((RemoteFsException) e).details()).containsEntry("option", "smbfs_used_ratio");
                });
        assertThatThrownBy(() -> new CapacityLimits(1.01, 1.0, "smbfs_used_ratio", "smbfs_oversub_ratio"))
                .satisfies(e -> assertThat(((RemoteFsException) e).details()).containsEntry("option", "smbfs_used_ratio"));
        assertThatThrownBy(() -> new CapacityLimits(1.0, 0, "smbfs_used_ratio", "smbfs_oversub_ratio"))
                .satisfies(e -> assertThat(((RemoteFsException) e).details()).containsEntry("option", "smbfs_oversub_ratio"));
        assertThat(CapacityLimits.from(options(10, 1.5)))
                .isEqualTo(new CapacityLimits(0.9, 1.5, "reserved_percentage", "max_over_subscription_ratio"));
    }
}
