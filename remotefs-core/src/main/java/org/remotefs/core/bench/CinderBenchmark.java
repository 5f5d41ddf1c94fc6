package org.remotefs.core.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operations {@link DriverBenchmark} times, run through Cinder's own NFS driver from Debian's
 * {@code python3-cinder} by {@code cinder_bench.py} (shipped beside this class) in one Python
 * process, on a scratch directory standing in for the mounted share (no mount, no database), with
 * 1 GiB raw sparse volumes as remotefs's figures. Without {@code /usr/bin/python3} or Cinder there
 * are no figures, only the reason.
 */
public final class CinderBenchmark {
    static final String PYTHON = "/usr/bin/python3";

    private final CommandRunner runner;

    public CinderBenchmark(CommandRunner runner) {
        this.runner = runner;
    }

    /** Cinder's figures, or why there are none. */
    public record Outcome(BenchmarkResult result, String notMeasuredBecause) {
        public boolean measured() {
            return result != null;
        }
    }

    /** Runs Cinder's driver {@code runs} times in a scratch directory under {@code parent}, removed afterwards. */
    public Outcome run(int runs, Path parent) throws IOException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return new Outcome(null, "no " + PYTHON);
        }
        CommandResult probe = runner.run(Command.of(PYTHON, "-c", "import cinder.volume")
                .acceptingExitCodes(0, 1).withTimeout(Duration.ofMinutes(1)));
        if (probe.exitCode() != 0) {
            return new Outcome(null, "Debian's python3-cinder is not installed");
        }
        Path scratch = Files.createTempDirectory(parent, "cinder-bench-");
        try {
            Path script = scratch.resolve("cinder_bench.py");
            try (InputStream in = Objects.requireNonNull(CinderBenchmark.class.getResourceAsStream("cinder_bench.py"),
                    "cinder_bench.py beside CinderBenchmark")) {
                Files.copy(in, script);
            }
            Path share = Files.createDirectory(scratch.resolve("share"));
            Path work = Files.createDirectory(scratch.resolve("work"));
            // a Cinder run takes seconds (every operation starts processes): a generous bound per run
            CommandResult result = runner.run(Command.of(PYTHON, script.toString(), "--share-dir", share.toString(),
                    "--work", work.toString(), "--runs", Integer.toString(runs))
                    .withTimeout(Duration.ofMinutes(5).plusSeconds(60L * runs)));
            BenchmarkResult figures = parse(result.stdout());
            DriverBenchmark.loadAverage().ifPresent(load -> figures.environment().put("load_average", load));
            return new Outcome(figures, null);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static BenchmarkResult parse(String json) throws IOException {
        JsonNode document = Json.mapper().readTree(json);
        List<BenchmarkResult.Operation> operations = new ArrayList<>();
        for (JsonNode operation : document.path("operations")) {
            List<Double> samples = new ArrayList<>();
            operation.path("samples_ms").forEach(sample -> samples.add(sample.asDouble()));
            operations.add(BenchmarkResult.Operation.of(operation.path("name").asText(), samples,
                    operation.path("processes").asLong()));
        }
        Map<String, Object> environment = new LinkedHashMap<>();
        document.path("environment").fields().forEachRemaining(e -> environment.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText()));
        return new BenchmarkResult(operations, environment);
    }
}
