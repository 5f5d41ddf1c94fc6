package org.remotefs.tck.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the {@code conformance-<backend>.json} files the suite writes after each run (from Maven,
 * in a module's {@code target/remotefs-tck}) back into backend results, for one report of the
 * runs of several modules. These files carry each test's outcome and message, not its stack
 * trace: a failed test's diagnostics point at the module's Failsafe report.
 */
public final class ConformanceFiles {

    /** Every {@code conformance-*.json} directly in the directories, in the order given, each sorted by name. */
    public List<BackendResult> read(List<Path> directories) {
        List<BackendResult> results = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().matches("conformance-.+\\.json"))
                        .sorted().toList()) {
                    BackendResult backend = read(file);
                    String id = backend.name();
                    // two runs of one backend id (two modules' bindings) stay two columns
                    if (results.stream().anyMatch(r -> r.name().equals(id))) {
                        String module = String.valueOf(file.toAbsolutePath().getParent().getParent().getParent()
                                .getFileName());
                        backend = new BackendResult(backend.name() + " (" + module + ")", backend.driver(),
                                backend.capabilities(), backend.tests(), backend.setupError(), backend.seconds());
                    }
                    results.add(backend);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        }
        return results;
    }

    /** One file's backend. */
    public BackendResult read(Path file) {
        JsonNode document;
        try {
            document = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the conformance report " + file, e);
        }
        String id = document.path("backend").path("id").asText("?");
        List<String> capabilities = new ArrayList<>();
        document.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        List<TestResult> tests = new ArrayList<>();
        Path module = file.toAbsolutePath().getParent().getParent();
        for (JsonNode test : document.path("contracts")) {
            String status = test.path("status").asText();
            String reason = test.path("reason").asText("");
            tests.add(new TestResult(test.path("contract").asText(), test.path("test").asText(), status, reason,
                    status.equals("failed") ? reason + "\n\nThe stack trace and the shares' diagnostics are in "
                            + module.resolve("failsafe-reports") + " (or surefire-reports)." : ""));
        }
        return new BackendResult(id, id, capabilities, tests, Optional.empty(), 0);
    }
}
