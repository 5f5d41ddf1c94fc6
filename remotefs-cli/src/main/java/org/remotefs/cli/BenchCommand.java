package org.remotefs.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.bench.BenchmarkComparison;
import org.remotefs.core.bench.BenchmarkReport;
import org.remotefs.core.bench.BenchmarkResult;
import org.remotefs.core.bench.CinderBenchmark;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.bench.DriverBenchmark;
import org.remotefs.core.host.HostServices;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs bench}: the driver's operations timed in one process on localfs, and the cost of a
 * volume lock alone — the default file lock, in-process locks, and the lock service
 * {@code --coordination} names (a ZooKeeper the operator runs: the command embeds no server).
 */
@Command(name = "bench", description = "Time the driver's operations on localfs (1 GiB raw volumes) and count "
        + "the child processes each starts; with --coordination, also a volume lock taken through that service.")
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "10", description = "How many times (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to make the scratch share (default: the working directory).")
    Path directory;

    @Option(names = "--coordination", paramLabel = "URL", description = "Also time a volume lock taken through this "
            + "lock service (zookeeper://HOST:PORT, file:///DIR, ...), reported as lock_<scheme> beside lock_default_file.")
    String coordination;

    @Option(names = "--report", paramLabel = "DIR", description = "Also write the figures to DIR (bench.json, bench.md, "
            + "bench.svg), beside Cinder's own NFS driver run on the same operations when Debian's python3-cinder is "
            + "installed, with the ratio per operation.")
    Path report;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        if (runs < 1) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "--runs must be at least 1, not " + runs,
                    Map.of("option", "--runs"));
        }
        BenchmarkResult result;
        HostServices services = coordination == null ? null
                : Coordination.forUrl(coordination, root.session(), root.stop());
        try {
            Map<String, VolumeLockService> otherLocks = services == null ? Map.of()
                    : Map.of(Coordination.figureName(coordination), services.locks());
            result = new DriverBenchmark().run(runs, directory == null ? Path.of("").toAbsolutePath() : directory,
                    root.stop(), otherLocks);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "benchmark failed: " + e, Map.of(), e);
        } finally {
            if (services != null) {
                services.close();
            }
        }
        if (report != null) {
            report(result);
        }
        List<Map<String, Object>> operations = result.operations().stream().map(o -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", o.name());
            row.put("median_ms", o.medianMs());
            row.put("p95_ms", o.p95Ms());
            row.put("processes", o.processes());
            row.put("samples", o.samples());
            return row;
        }).toList();
        if (root.output().format().document()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("operations", operations);
            document.put("environment", result.environment());
            root.output().object(document);
        } else {
            root.output().rows(operations, List.of("name", "median_ms", "p95_ms", "processes", "samples"));
            root.output().message("");
            result.environment().forEach((key, value) -> root.output().message(key + ": " + value));
        }
    }

    /** Cinder's figures beside ours, when Cinder is here, and the files of {@code --report}. */
    private void report(BenchmarkResult result) {
        Path parent = directory == null ? Path.of("").toAbsolutePath() : directory;
        try {
            CinderBenchmark.Outcome cinder = new CinderBenchmark(
                    new ExecCommandRunner(new RootHelper(List.of()), Duration.ofMinutes(10))).run(runs, parent);
            new BenchmarkReport().write(BenchmarkComparison.of(result, cinder), report);
            RemoteFsCommand.root(spec).output().message(cinder.measured() ? "report (beside Cinder's NFS driver): " + report
                    : "report: " + report + " (Cinder not measured: " + cinder.notMeasuredBecause() + ")");
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "benchmark report failed: " + e,
                    Map.of("path", report.toString()), e);
        }
    }
}
