package org.remotefs.core.bench;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * remotefs's figures beside Cinder's, operation by operation, with issue 15's goals: every operation
 * at least 10 times faster than Cinder's NFS driver, {@code get_volume_stats} at least 100 times.
 *
 * @param rows              one per remotefs operation, in its order
 * @param cinderNotMeasured why there are no Cinder figures, or {@code null} when there are
 */
public record BenchmarkComparison(List<Row> rows, BenchmarkResult remotefs, BenchmarkResult cinder,
        String cinderNotMeasured) {

    /**
     * @param cinder {@code null} where Cinder has no such operation or was not measured
     */
    public record Row(BenchmarkResult.Operation remotefs, BenchmarkResult.Operation cinder) {
        public String name() {
            return remotefs.name();
        }

        /** How many times faster remotefs's median is; {@code NaN} without a Cinder figure. */
        public double ratio() {
            return cinder == null || remotefs.medianMs() <= 0 ? Double.NaN : cinder.medianMs() / remotefs.medianMs();
        }

        /** The ratio issue 15 asks for; {@code NaN} without a Cinder figure. */
        public double goal() {
            return cinder == null ? Double.NaN : name().equals("get_volume_stats") ? 100 : 10;
        }

        public boolean meetsGoal() {
            return cinder != null && ratio() >= goal();
        }
    }

    public static BenchmarkComparison of(BenchmarkResult remotefs, CinderBenchmark.Outcome cinder) {
        Map<String, BenchmarkResult.Operation> cinderByName = !cinder.measured() ? Map.of()
                : cinder.result().operations().stream()
                        .collect(Collectors.toMap(BenchmarkResult.Operation::name, Function.identity()));
        List<Row> rows = remotefs.operations().stream()
                .map(operation -> new Row(operation, cinderByName.get(operation.name()))).toList();
        return new BenchmarkComparison(rows, remotefs, cinder.result(), cinder.notMeasuredBecause());
    }

    public boolean cinderMeasured() {
        return cinder != null;
    }
}
