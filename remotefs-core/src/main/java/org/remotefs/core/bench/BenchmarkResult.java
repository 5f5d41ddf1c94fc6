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

        /** The median and nearest-rank p95 of {@code samplesMs} (at least one), rounded to 0.01 ms. */
        public static Operation of(String name, List<Double> samplesMs, long processes) {
            if (samplesMs.isEmpty()) {
                throw new IllegalArgumentException("no samples for " + name);
            }
            List<Double> sorted = samplesMs.stream().sorted().toList();
            int size = sorted.size();
            double median = size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
            double p95 = sorted.get((int) Math.ceil(0.95 * size) - 1);
            return new Operation(name, round(median), round(p95), processes, size);
        }

        private static double round(double ms) {
            return Math.round(ms * 100) / 100.0;
        }
    }
}
