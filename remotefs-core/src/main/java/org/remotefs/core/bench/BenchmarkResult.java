package org.remotefs.core.bench;

import java.util.List;
import java.util.Map;

/**
 * What {@link DriverBenchmark} measured.
 *
 * @param operations  per operation, in the order they were run
 * @param environment qemu-img and Java versions, processors, runs
 */
public record BenchmarkResult(List<Operation> operations, Map<String, Object> environment) {

    /**
     * @param name      the operation's name ({@code create_snapshot}, ...)
     * @param medianMs  the median latency in milliseconds
     * @param p95Ms     the 95th percentile latency in milliseconds (nearest rank)
     * @param processes the child processes one call starts (the largest count seen)
     * @param samples   how many calls were timed
     */
    public record Operation(String name, double medianMs, double p95Ms, long processes, int samples) {
    }
}
