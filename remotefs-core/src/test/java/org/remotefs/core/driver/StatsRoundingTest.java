package org.remotefs.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
}
