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
            String contract = test.path("contract").asText();
            String name = test.path("test").asText();
            tests.add(new TestResult(contract, name, status, reason,
                    status.equals("failed") ? failsafeDiagnostics(module.resolve("failsafe-reports"), contract, name)
                            .orElse(reason + "\n\nThe stack trace and the shares' diagnostics are in "
                                    + module.resolve("failsafe-reports") + " (or surefire-reports).") : ""));
        }
        return new BackendResult(id, id, capabilities, tests, Optional.empty(), 0);
    }

    /** Lines of a failure's text the aggregated report carries: the stack and the shares' diagnostics. */
    private static final int DIAGNOSTIC_LINES = 80;

    /**
     * The failure's text from the module's Failsafe reports, where the class-template test is
     * {@code classname="...contract.<Contract>[n]" name="<test>[n]"}: every report that has the
     * test failing (a module with several bindings may have it in more than one), each named.
     */
    static Optional<String> failsafeDiagnostics(Path reports, String contract, String test) {
        if (!Files.isDirectory(reports)) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("TEST-.+\\.xml")).sorted().toList()) {
                var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                org.w3c.dom.NodeList cases = factory.newDocumentBuilder().parse(file.toFile())
                        .getElementsByTagName("testcase");
                for (int i = 0; i < cases.getLength(); i++) {
                    org.w3c.dom.Element element = (org.w3c.dom.Element) cases.item(i);
                    if (!withoutIndex(element.getAttribute("classname")).equals(org.remotefs.tck.TckRunner.CONTRACTS + "." + contract)
                            || !withoutIndex(element.getAttribute("name")).equals(test)) {
                        continue;
                    }
                    for (String kind : List.of("failure", "error")) {
                        org.w3c.dom.NodeList failures = element.getElementsByTagName(kind);
                        for (int j = 0; j < failures.getLength(); j++) {
                            org.w3c.dom.Element failure = (org.w3c.dom.Element) failures.item(j);
                            List<String> lines = failure.getTextContent().strip().lines().toList();
                            text.append("From ").append(file.getFileName()).append(":\n");
                            lines.stream().limit(DIAGNOSTIC_LINES).forEach(l -> text.append(l).append('\n'));
                            if (lines.size() > DIAGNOSTIC_LINES) {
                                text.append("\t... ").append(lines.size() - DIAGNOSTIC_LINES).append(" more lines\n");
                            }
                        }
                    }
                }
            }
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            return Optional.empty();
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text.toString());
    }

    private static String withoutIndex(String name) {
        return name.replaceFirst("\\[\\d+\\]$", "");
    }
}
