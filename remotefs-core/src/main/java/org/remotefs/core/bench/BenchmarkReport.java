package org.remotefs.core.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.core.json.Json;

/**
 * Writes a benchmark's figures to a directory: {@code bench.json} (every figure, Cinder's, the
 * ratios and goals), {@code bench.md} (the table) and {@code bench.svg} (the chart).
 */
public final class BenchmarkReport {
    public static final List<String> FILES = List.of("bench.json", "bench.md", "bench.svg");

    public void write(BenchmarkComparison comparison, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("bench.md"), new MarkdownReport().write(comparison), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("bench.svg"), new SvgChart().write(comparison), StandardCharsets.UTF_8);
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(directory.resolve("bench.json").toFile(),
                document(comparison));
    }

    static Map<String, Object> document(BenchmarkComparison comparison) {
        List<Map<String, Object>> rows = comparison.rows().stream().map(row -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", row.name());
            out.put("remotefs", figures(row.remotefs()));
            if (row.cinder() != null) {
                out.put("cinder", figures(row.cinder()));
                out.put("ratio", Math.round(row.ratio() * 10) / 10.0);
                out.put("goal", row.goal());
                out.put("goal_met", row.meetsGoal());
            }
            return out;
        }).toList();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("operations", rows);
        document.put("remotefs_environment", comparison.remotefs().environment());
        if (comparison.cinderMeasured()) {
            document.put("cinder_environment", comparison.cinder().environment());
        } else {
            document.put("cinder_not_measured", comparison.cinderNotMeasured());
        }
        return document;
    }

    private static Map<String, Object> figures(BenchmarkResult.Operation operation) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("median_ms", operation.medianMs());
        out.put("p95_ms", operation.p95Ms());
        out.put("processes", operation.processes());
        out.put("samples", operation.samples());
        return out;
    }
}
