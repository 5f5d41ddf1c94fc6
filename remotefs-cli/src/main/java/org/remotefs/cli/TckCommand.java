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
import org.remotefs.tck.report.BackendResult;
import org.remotefs.tck.report.MarkdownReport;
import org.remotefs.tck.report.Matrix;
import org.remotefs.tck.report.ReportFiles;
import org.remotefs.tck.report.TestResult;
import org.remotefs.core.mount.Redaction;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs tck}: the conformance suite against a backend, through the JUnit Platform
 * launcher. With {@code --config}, against the configured backend on its own shares (the tests
 * create and delete volumes of their own); without, against localfs on scratch directories.
 */
@Command(name = "tck", description = "Run the conformance suite against a backend (or, with --all-backends, each"
        + " configured one) and print its conformance matrix.")
final class TckCommand implements Runnable {
    /** Where the suite's own log goes, in the report directory. */
    static final String LOG_FILE = "remotefs-tck.log";

    @Spec
    CommandSpec spec;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "remotefs-tck-report",
            description = "Where the report goes: index.html, report.md, TEST-<backend>.xml, and"
                    + " conformance-<backend>.json and .md (default: ${DEFAULT-VALUE}).")
    Path reportDirectory;

    @Option(names = "--known-deviations", paramLabel = "[BACKEND=]FILE",
            description = "A backend's reviewed list of contract tests it is known to fail, one per line: "
                    + "'Contract#test | reason | issue'. They are reported as known deviations instead of failing."
                    + " With --all-backends, BACKEND= names the backend it is for (repeatable).")
    List<String> knownDeviations = new java.util.ArrayList<>();

    @Option(names = "--all-backends", description = "Run the suite against each backend of the configuration in turn"
            + " and write one report of backends x contracts.")
    boolean allBackends;

    @Option(names = "--contract", paramLabel = "NAME", description = "Run only this contract (such as"
            + " VolumeLifecycleContract; repeatable).")
    List<String> contracts = new java.util.ArrayList<>();

    @Option(names = "--strict", description = "Run the listed known deviations all the same (and say which now pass).")
    boolean strict;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        if (allBackends) {
            runAll(root);
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String binding;
        String backendName;
        if (root.config == null) {
            backendName = "localfs";
            binding = LocalFsTckBinding.class.getName();
        } else {
            // checked here, so that a bad file or name is one clear error rather than a failed suite
            root.session().driver();
            binding = ConfiguredBackendBinding.class.getName();
            parameters.put(ConfiguredBackendBinding.CONFIG, root.config.toAbsolutePath().toString());
            parameters.put(ConfiguredBackendBinding.BACKEND, root.session().backendName());
            backendName = root.session().backendName();
        }
        if (knownDeviations.size() > 1) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "one --known-deviations file for one backend;"
                    + " several are for --all-backends", Map.of("option", "--known-deviations"));
        }
        knownDeviations.stream().findFirst().map(text -> deviationsFile(root, text, false).file())
                .ifPresent(file -> parameters.put(KnownDeviations.FILE, file.toString()));
        parameters.put(KnownDeviations.STRICT, Boolean.toString(strict));
        checkContracts();
        long started = System.nanoTime();
        // what the suite's backends log goes to a file beside the reports, not to the user as warnings
        root.log().divert();
        TckRunner.Result result;
        try {
            // a signal ends the run once the contract test under way has finished and cleaned up
            result = new TckRunner().run(binding, parameters, reportDirectory.toAbsolutePath(),
                    () -> root.endIfStopped("the conformance run stopped after the test under way"), contracts);
        } finally {
            writeLog(root, root.log().undivert());
        }
        String driver = root.config == null ? "localfs" : root.session().configuration().driverId(backendName);
        writeReport(root, List.of(backendResult(root, backendName, driver, result, started)));
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

    /**
     * {@code --all-backends}: the suite against each configured backend in turn, each run's own
     * files in {@code <report>/<backend>/}, then one report of them all; exits 1 with
     * {@code CONFORMANCE_FAILED} when a cell failed.
     */
    private void runAll(RemoteFsCommand root) {
        if (root.config == null) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "--all-backends runs the backends of a configuration:"
                    + " give it with --config", Map.of("option", "--all-backends"));
        }
        if (!root.backendNames().isEmpty()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "--all-backends runs every configured backend:"
                    + " leave --backend out", Map.of("option", "--backend"));
        }
        List<String> names = root.session().configuration().backendNames();
        if (names.isEmpty()) {
            throw new RemoteFsException(ErrorCode.BACKEND_NOT_FOUND, "no backend is configured in "
                    + root.config + " (remotefs.backends is empty)", Map.of("backend", ""));
        }
        Map<String, Path> deviations = new LinkedHashMap<>();
        for (String text : knownDeviations) {
            Deviations given = deviationsFile(root, text, true);
            for (String name : given.backend().map(List::of).orElse(names)) {
                if (deviations.put(name, given.file()) != null) {
                    throw new RemoteFsException(ErrorCode.INVALID_INPUT, "two --known-deviations files for backend '"
                            + name + "'", Map.of("option", "--known-deviations", "backend", name));
                }
            }
        }
        checkContracts();
        root.log().divert();
        List<BackendResult> results = new java.util.ArrayList<>();
        try {
            for (String name : names) {
                Map<String, String> parameters = new LinkedHashMap<>();
                parameters.put(ConfiguredBackendBinding.CONFIG, root.config.toAbsolutePath().toString());
                parameters.put(ConfiguredBackendBinding.BACKEND, name);
                if (deviations.containsKey(name)) {
                    parameters.put(KnownDeviations.FILE, deviations.get(name).toString());
                }
                parameters.put(KnownDeviations.STRICT, Boolean.toString(strict));
                String driver;
                try {
                    driver = root.session().configuration().driverId(name);
                } catch (RemoteFsException e) {
                    results.add(new BackendResult(name, "?", List.of(), List.of(),
                            java.util.Optional.of(e.getMessage()), 0));
                    continue;
                }
                long started = System.nanoTime();
                TckRunner.Result result = new TckRunner().run(ConfiguredBackendBinding.class.getName(), parameters,
                        reportDirectory.toAbsolutePath().resolve(ReportFiles.safeName(name)),
                        () -> root.endIfStopped("the conformance run stopped after the test under way"), contracts);
                results.add(backendResult(root, name, driver, result, started));
            }
        } finally {
            writeLog(root, root.log().undivert());
        }
        Matrix matrix = writeReport(root, results);
        if (root.output().format().document()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("passed", !matrix.failed());
            document.put("report", reportDirectory.resolve(ReportFiles.HTML).toString());
            List<Object> backends = new java.util.ArrayList<>();
            for (BackendResult backend : matrix.backends()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", backend.name());
                row.put("driver", backend.driver());
                row.put("passed", !backend.failed());
                Map<String, String> cells = new LinkedHashMap<>();
                matrix.contracts().forEach(c -> cells.put(c, backend.cell(c).state().label()));
                row.put("contracts", cells);
                backend.setupError().ifPresent(error -> row.put("error", error));
                backends.add(row);
            }
            document.put("backends", backends);
            root.output().object(document);
        } else {
            root.output().message(new MarkdownReport().matrixTable(matrix));
            root.output().message("report: " + reportDirectory.resolve(ReportFiles.HTML));
        }
        if (matrix.failed()) {
            throw new RemoteFsException(ErrorCode.CONFORMANCE_FAILED, "a contract failed on "
                    + matrix.backends().stream().filter(BackendResult::failed).map(BackendResult::name).toList()
                    + "; see " + reportDirectory.resolve(ReportFiles.HTML), Map.of("report", reportDirectory.toString()));
        }
    }

    /** A {@code --known-deviations} value: the file, checked, and the backend it is for if named. */
    private record Deviations(java.util.Optional<String> backend, Path file) {
    }

    private static Deviations deviationsFile(RemoteFsCommand root, String text, boolean allowBackend) {
        int equals = text.indexOf('=');
        java.util.Optional<String> backend = java.util.Optional.empty();
        String file = text;
        if (allowBackend && equals > 0
                && root.session().configuration().backendNames().contains(text.substring(0, equals))) {
            backend = java.util.Optional.of(text.substring(0, equals));
            file = text.substring(equals + 1);
        }
        Path path = Path.of(file);
        try {
            KnownDeviations.check(path);
        } catch (IllegalArgumentException e) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, e.getMessage(),
                    Map.of("option", "--known-deviations", "file", file));
        }
        return new Deviations(backend, path.toAbsolutePath());
    }

    private void checkContracts() {
        for (String contract : contracts) {
            try {
                Class.forName(TckRunner.CONTRACTS + "." + contract, false, TckCommand.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new RemoteFsException(ErrorCode.INVALID_INPUT, "there is no contract " + contract
                        + " (such as VolumeLifecycleContract)", Map.of("option", "--contract", "contract", contract));
            }
        }
    }

    /** A run's outcome for the report; a run that could not start its tests is a setup error. */
    private static BackendResult backendResult(RemoteFsCommand root, String name, String driver, TckRunner.Result result,
                                               long started) {
        // a backend that never opened published none: its provider's say
        java.util.Collection<String> capabilities = result.capabilities();
        if (capabilities.isEmpty() && !driver.equals("?")) {
            try {
                capabilities = root.session().registry().provider(driver).capabilities().stream().map(Enum::name)
                        .sorted().toList();
            } catch (RuntimeException e) {
                capabilities = List.of();
            }
        }
        var summary = result.summary();
        java.util.Optional<String> setupError = java.util.Optional.empty();
        List<String> containerFailures = summary.getFailures().stream().filter(f -> !f.getTestIdentifier().isTest())
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage()).toList();
        if (!containerFailures.isEmpty()) {
            setupError = java.util.Optional.of(String.join("\n", containerFailures));
        } else if (summary.getTestsStartedCount() == 0) {
            setupError = java.util.Optional.of("no contract test ran");
        }
        List<TestResult> tests = result.results().stream().map(d -> new TestResult(d.outcome().contract(),
                d.outcome().test(), d.outcome().status(), d.outcome().reason(), d.diagnostics(), d.seconds())).toList();
        return new BackendResult(name, driver, List.copyOf(capabilities), tests, setupError,
                (System.nanoTime() - started) / 1e9);
    }

    /** index.html, report.md and TEST-<backend>.xml, the configuration's secrets masked. */
    private Matrix writeReport(RemoteFsCommand root, List<BackendResult> results) {
        Redaction secrets = ConfigurationSecrets.of(root.session());
        String version = java.util.Optional.ofNullable(TckRunner.class.getPackage().getImplementationVersion())
                .orElse("0.1.0-SNAPSHOT");
        Matrix matrix = new Matrix("remotefs conformance", version, results).masked(secrets::mask);
        try {
            new ReportFiles().write(reportDirectory.toAbsolutePath(), matrix);
        } catch (java.io.UncheckedIOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, e.getMessage() + ": " + e.getCause(),
                    Map.of("report", reportDirectory.toString()), e);
        }
        return matrix;
    }

    /** The suite's log, to {@code remotefs-tck.log} in the report directory, the configuration's secrets masked. */
    private void writeLog(RemoteFsCommand root, List<String> lines) {
        Redaction secrets = ConfigurationSecrets.of(root.session());
        lines = lines.stream().map(secrets::mask).toList();
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
