package org.remotefs.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.host.StopFlag;

/** The benchmark behind {@code remotefs bench}, run for real once: every figure, and a stop that cleans up. */
final class DriverBenchmarkIT {
    @TempDir
    Path parent;

    @Test
    void oneRunTimesEveryOperationAndTheLockAndLeavesNothing() throws Exception {
        BenchmarkResult result = new DriverBenchmark().run(1, parent);

        Map<String, BenchmarkResult.Operation> byName = result.operations().stream()
                .collect(Collectors.toMap(BenchmarkResult.Operation::name, Function.identity()));
        assertThat(byName).containsKeys("create_volume", "create_snapshot", "create_cloned_volume", "chain_walk_20",
                "lock_default_file", "lock_inprocess");
        assertThat(byName.get("create_snapshot").processes()).as("the overlay written in-process").isZero();
        assertThat(byName.get("create_cloned_volume").processes()).as("convert only: no create, no commit").isEqualTo(1);
        assertThat(byName.get("extend_volume_raw").processes()).as("a raw file grown by truncation").isZero();
        assertThat(byName.get("extend_volume").processes()).as("a qcow2 overlay whose L1 table grows in-process").isZero();
        // the bench takes its snapshots without writing data: each overlay allocates nothing, its commit is
        // at most a growth of the base (by truncation for the raw base), its rebase a header rewrite
        assertThat(byName.get("delete_snapshot_middle").processes()).as("empty commit, header rewrite").isZero();
        assertThat(byName.get("delete_snapshot_oldest").processes()).as("empty commit, header rewrite").isZero();
        assertThat(byName.get("delete_snapshot_last").processes()).as("the raw base grown by truncation").isZero();
        assertThat(byName.get("lock_default_file").processes()).isZero();
        assertThat(byName.get("lock_default_file").samples()).isEqualTo(1);
        assertThat(byName.get("lock_default_file").medianMs()).isPositive();
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).as("the scratch share is removed").isEmpty();
        }
    }

    @Test
    void aStopEndsTheRunWithInterruptedAndRemovesTheScratchShare() throws Exception {
        StopFlag stop = new StopFlag();
        stop.request("SIGINT");

        assertThatThrownBy(() -> new DriverBenchmark().run(3, parent, stop))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).isEmpty();
        }
    }
}
