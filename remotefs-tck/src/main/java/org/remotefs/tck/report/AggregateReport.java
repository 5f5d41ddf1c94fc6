package org.remotefs.tck.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One report of the conformance runs of a build: {@code AggregateReport OUT_DIR DIR...} reads the
 * {@code conformance-*.json} in each DIR (the modules' {@code target/remotefs-tck}) and writes
 * {@code index.html}, {@code report.md} and {@code TEST-<backend>.xml} to OUT_DIR. Exit status 1
 * when a cell failed or no run was found, 2 on bad arguments. CI runs it after {@code mvn verify}.
 */
public final class AggregateReport {
    private AggregateReport() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AggregateReport OUT_DIR CONFORMANCE_DIR...");
            System.exit(2);
        }
        List<Path> directories = Arrays.stream(args).skip(1).map(Path::of).toList();
        List<BackendResult> backends = new ConformanceFiles().read(directories);
        String version = Optional.ofNullable(AggregateReport.class.getPackage().getImplementationVersion())
                .orElse("0.1.0-SNAPSHOT");
        Matrix matrix = new Matrix("remotefs conformance", version, backends);
        new ReportFiles().write(Path.of(args[0]), matrix);
        System.out.println(new MarkdownReport().matrixTable(matrix));
        System.out.println("report: " + Path.of(args[0]).resolve(ReportFiles.HTML) + " (" + backends.size()
                + " backend runs)");
        System.exit(backends.isEmpty() || matrix.failed() ? 1 : 0);
    }
}
