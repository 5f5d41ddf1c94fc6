package org.remotefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.json.Json;
import org.remotefs.tck.ConfiguredBackendBinding;
import org.remotefs.tck.KnownDeviations;
import org.remotefs.tck.LocalFsTckBinding;
import org.remotefs.tck.TckRunner;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs tck}: the conformance suite against a backend, through the JUnit Platform
 * launcher. With {@code --config}, against the configured backend on its own shares (the tests
 * create and delete volumes of their own); without, against localfs on scratch directories.
 */
@Command(name = "tck", description = "Run the conformance suite against a backend and print its conformance matrix.")
final class TckCommand implements Runnable {
    /** Where the suite's own log goes, in the report directory. */
    static final String LOG_FILE = "remotefs-tck.log";

    @Spec
    CommandSpec spec;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "remotefs-tck-report",
            description = "Where conformance-<backend>.json and .md go (default: ${DEFAULT-VALUE}).")
    Path reportDirectory;

    @Option(names = "--known-deviations", paramLabel = "FILE",
            description = "The backend's reviewed list of contract tests it is known to fail, one per line: "
                    + "'Contract#test | reason | issue'. They are reported as known deviations instead of failing.")
    Path knownDeviations;

    @Option(names = "--strict", description = "Run the listed known deviations all the same (and say which now pass).")
    boolean strict;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        Map<String, String> parameters = new LinkedHashMap<>();
        String binding;
        if (root.config == null) {
            binding = LocalFsTckBinding.class.getName();
        } else {
            // checked here, so that a bad file or name is one clear error rather than a failed suite
            root.session().driver();
            binding = ConfiguredBackendBinding.class.getName();
            parameters.put(ConfiguredBackendBinding.CONFIG, root.config.toAbsolutePath().toString());
            parameters.put(ConfiguredBackendBinding.BACKEND, root.session().backendName());
        }
        if (knownDeviations != null) {
            try {
                KnownDeviations.check(knownDeviations);
            } catch (IllegalArgumentException e) {
                throw new RemoteFsException(ErrorCode.INVALID_INPUT, e.getMessage(),
                        Map.of("option", "--known-deviations", "file", knownDeviations.toString()));
            }
            parameters.put(KnownDeviations.FILE, knownDeviations.toAbsolutePath().toString());
        }
        parameters.put(KnownDeviations.STRICT, Boolean.toString(strict));
        // what the suite's backends log goes to a file beside the reports, not to the user as warnings
        root.log().divert();
        TckRunner.Result result;
        try {
            // a signal ends the run once the contract test under way has finished and cleaned up
            result = new TckRunner().run(binding, parameters, reportDirectory.toAbsolutePath(),
                    () -> root.endIfStopped("the conformance run stopped after the test under way"));
        } finally {
            writeLog(root.log().undivert());
        }
        var summary = result.summary();
        if (root.output().format().document()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("passed", result.passed());
            document.put("tests", summary.getTestsStartedCount());
            document.put("succeeded", summary.getTestsSucceededCount());
            document.put("failed", summary.getTotalFailureCount());
            document.put("skipped", summary.getTestsSkippedCount() + summary.getTestsAbortedCount());
            document.put("reports", result.reports().values().stream().map(Path::toString).toList());
            try {
                List<Object> reports = new java.util.ArrayList<>();
                for (Path report : result.reports().values()) {
                    reports.add(Json.mapper().readTree(report.toFile()));
                }
                document.put("conformance", reports);
            } catch (IOException e) {
                throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read the report: " + e, Map.of(), e);
            }
            root.output().object(document);
        } else {
            for (Path report : result.reports().values()) {
                Path markdown = report.resolveSibling(report.getFileName().toString().replace(".json", ".md"));
                try {
                    root.output().message(Files.readString(markdown));
                } catch (IOException e) {
                    throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read " + markdown + ": " + e, Map.of(), e);
                }
            }
            summary.getFailures().forEach(failure -> root.output().message("FAILED " + failure.getTestIdentifier()
                    .getDisplayName() + ": " + failure.getException().getMessage()));
            root.output().message(summary.getTestsSucceededCount() + " passed, " + summary.getTotalFailureCount()
                    + " failed, " + (summary.getTestsSkippedCount() + summary.getTestsAbortedCount()) + " skipped");
        }
        if (!result.passed()) {
            throw new RemoteFsException(ErrorCode.CONFORMANCE_FAILED, summary.getTestsStartedCount() == 0
                    ? "no contract test ran (is the binding found?): " + summary.getFailures().stream()
                    .map(f -> f.getException().getMessage()).toList()
                    : summary.getTotalFailureCount() + " contract test(s) failed; see " + reportDirectory,
                    Map.of("report", reportDirectory.toString()));
        }
    }

    /** The suite's log, to {@code remotefs-tck.log} in the report directory. */
    private void writeLog(List<String> lines) {
        Path file = reportDirectory.toAbsolutePath().resolve(LOG_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot write " + file + ": " + e,
                    Map.of("file", file.toString()), e);
        }
    }
}
