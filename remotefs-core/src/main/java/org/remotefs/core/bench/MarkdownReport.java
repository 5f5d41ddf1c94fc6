package org.remotefs.core.bench;

import java.util.Locale;
import java.util.Map;

/** The comparison as a Markdown table a person reads: figures, processes, ratio and goal per operation. */
public final class MarkdownReport {

    public String write(BenchmarkComparison comparison) {
        StringBuilder out = new StringBuilder("# remotefs bench\n\n");
        if (comparison.cinderMeasured()) {
            out.append("remotefs (localfs) beside Cinder's NFS driver, same machine, same sizes. Ratio: Cinder's median "
                    + "over remotefs's. Goal (issue 15): 10 times, get_volume_stats 100 times.\n\n");
            out.append("| operation | remotefs median ms | remotefs p95 ms | remotefs processes "
                    + "| Cinder median ms | Cinder p95 ms | Cinder processes | ratio | goal met |\n");
            out.append("|---|---|---|---|---|---|---|---|---|\n");
        } else {
            out.append("Cinder was not measured: ").append(comparison.cinderNotMeasured()).append(".\n\n");
            out.append("| operation | remotefs median ms | remotefs p95 ms | remotefs processes |\n|---|---|---|---|\n");
        }
        for (BenchmarkComparison.Row row : comparison.rows()) {
            BenchmarkResult.Operation own = row.remotefs();
            out.append("| ").append(row.name()).append(" | ").append(ms(own.medianMs())).append(" | ")
                    .append(ms(own.p95Ms())).append(" | ").append(own.processes()).append(" |");
            if (comparison.cinderMeasured()) {
                BenchmarkResult.Operation cinder = row.cinder();
                if (cinder == null) {
                    out.append(" — | — | — | — | — |");
                } else {
                    out.append(' ').append(ms(cinder.medianMs())).append(" | ").append(ms(cinder.p95Ms())).append(" | ")
                            .append(cinder.processes()).append(" | ")
                            .append(String.format(Locale.ROOT, "%.1f×", row.ratio())).append(" | ")
                            .append(row.meetsGoal() ? "yes" : "no").append(String.format(Locale.ROOT, " (≥%.0f×)", row.goal()))
                            .append(" |");
                }
            }
            out.append('\n');
        }
        out.append("\nremotefs: ").append(environment(comparison.remotefs().environment())).append('\n');
        if (comparison.cinderMeasured()) {
            out.append("\nCinder: ").append(environment(comparison.cinder().environment())).append('\n');
        }
        return out.toString();
    }

    static String ms(double value) {
        return value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String environment(Map<String, Object> environment) {
        StringBuilder out = new StringBuilder();
        environment.forEach((key, value) -> out.append(out.isEmpty() ? "" : ", ").append(key).append(' ').append(value));
        return out.toString();
    }
}
