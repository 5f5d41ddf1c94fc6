package org.remotefs.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cinder reports {@code round(x, 2)}: the stats must give Python's answer, value for value. */
final class StatsRoundingTest {

    @Test
    void roundsAsPythonRoundsTheExactBinaryValue() throws Exception {
        double[] values = {2.675, 1.115, 0.125, 0.375, 10.005, 123.456, 0.0, 5.0, 1e-9, 1234567.891, 0.045, 99.995};
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-c",
                "import sys\nfor v in sys.argv[1:]: print(repr(round(float(v), 2)))"));
        for (double value : values) {
            command.add(Double.toString(value));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Double> python = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .map(Double::valueOf).toList();
        assertThat(process.waitFor()).isZero();

        List<Double> ours = new ArrayList<>();
        for (double value : values) {
            ours.add(StatsReporter.round2(value));
        }
        assertThat(ours).isEqualTo(python);
        assertThat(StatsReporter.round2(2.675)).isEqualTo(2.67);
    }

    /**
     * The fast path (no BigDecimal away from a tie) against Python for many values: capacities in
     * GiB from byte counts, as the stats compute them, decimal-looking values and exact ties
     * (odd eighths), small to a petabyte.
     */
    @Test
    void roundsAsPythonForManyCapacityLikeValues() throws Exception {
        java.util.Random random = new java.util.Random(15);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            values.add(random.nextLong(1L << 50) / (double) (1L << 30));
            values.add(random.nextInt(100_000_000) / 1000.0);
            values.add(random.nextInt(1 << 20) / 8.0);
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(16) - 6));
        }
        values.add(-0.0);
        values.add(0.005);
        values.add(1e15 + 0.5);
        Path input = java.nio.file.Files.createTempFile("round2", ".txt");
        try {
            java.nio.file.Files.write(input, values.stream().map(v -> Double.toString(v)).toList());
            Process process = new ProcessBuilder("/usr/bin/python3", "-c",
                    "import sys\nfor v in open(sys.argv[1]): print(repr(round(float(v), 2)))", input.toString())
                    .redirectErrorStream(true).start();
            List<Double> python = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(Double::valueOf).toList();
            assertThat(process.waitFor()).isZero();

            List<Double> ours = values.stream().map(StatsReporter::round2).toList();
            assertThat(ours).isEqualTo(python);
        } finally {
            java.nio.file.Files.delete(input);
        }
    }
}
