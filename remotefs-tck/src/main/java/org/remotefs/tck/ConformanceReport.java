package org.remotefs.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes {@code conformance-<backend>.json} and {@code conformance-<backend>.md} after a run that
 * executed contracts: TCK version, backend id and version, declared capabilities, environment
 * (qemu-img version, kernel, mount type), and per contract test the outcome — passed, failed,
 * skipped with its reason, or refused (an undeclared capability's operation refused as it must
 * be, or a backend asked for an undeclared layout failing at setup). Registered as a JUnit
 * Platform listener by the TCK jar; the directory is the configuration parameter
 * {@code remotefs.tck.report.dir} (default {@code target/remotefs-tck}).
 */
public final class ConformanceReport implements TestExecutionListener {
    public static final String REPORT_DIR = "remotefs.tck.report.dir";

    /** One contract test's outcome. */
    public record Outcome(String contract, String test, String status, String reason) {
    }

    /**
     * One contract test's outcome with what a reader needs when it failed.
     *
     * @param seconds     how long the test took, its backend's setup and clean-up included
     * @param diagnostics for a failed test: its message, its trimmed stack trace and the shares'
     *                    diagnostics the suite published; empty otherwise
     */
    public record Detailed(Outcome outcome, String diagnostics, double seconds) {
    }

    /** Enough of a stack trace to find the failing line, not the JUnit machinery below it. */
    private static final int STACK_LINES = 16;

    private final Map<String, List<ReportEntry>> entries = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, String> backendOf = new ConcurrentHashMap<>();
    private final Map<String, String> diagnostics = new ConcurrentHashMap<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final Map<String, Double> seconds = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> backends = new ConcurrentHashMap<>();
    private volatile TestPlan plan;
    private volatile Map<String, Path> written = Map.of();

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        entries.computeIfAbsent(test.getUniqueId(), k -> new ArrayList<>()).add(entry);
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.equals(RemoteFsTckExtension.ENTRY_BACKEND)) {
                try {
                    JsonNode backend = Json.mapper().readTree(value);
                    backends.putIfAbsent(backend.path("id").asText(), backend);
                    backendOf.put(test.getUniqueId(), backend.path("id").asText());
                } catch (IOException e) {
                    // not ours
                }
            }
        });
    }

    @Override
    public void executionStarted(TestIdentifier test) {
        started.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        boolean deviation = reason != null && reason.startsWith(RemoteFsTckExtension.KNOWN_DEVIATION);
        // a listed parameterized test is skipped as a whole: its container stands for it
        if (test.isTest() || deviation) {
            record(test, deviation ? "known-deviation" : "skipped",
                    deviation ? reason.substring(RemoteFsTckExtension.KNOWN_DEVIATION.length()) : reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest()) {
            return;
        }
        String reason = result.getThrowable().map(Throwable::getMessage).orElse("");
        String status = switch (result.getStatus()) {
            case SUCCESSFUL -> "passed";
            case ABORTED -> "skipped";
            case FAILED -> "failed";
        };
        for (ReportEntry entry : entries.getOrDefault(test.getUniqueId(), List.of())) {
            String outcome = entry.getKeyValuePairs().get(RemoteFsTckExtension.ENTRY_OUTCOME);
            if (outcome != null && outcome.startsWith("refused") && status.equals("passed")) {
                status = "refused";
                reason = outcome.substring("refused: ".length());
            } else if (outcome != null && outcome.startsWith("not-applicable")) {
                reason = outcome.substring("not-applicable: ".length());
            } else if (outcome != null && outcome.startsWith(RemoteFsTckExtension.DEVIATION_PASSES)
                    && status.equals("passed")) {
                reason = "listed as a known deviation, and passes: take it off the list ("
                        + outcome.substring(RemoteFsTckExtension.DEVIATION_PASSES.length()) + ")";
            }
        }
        Long start = started.get(test.getUniqueId());
        if (start != null) {
            seconds.put(test.getUniqueId(), (System.nanoTime() - start) / 1e9);
        }
        if (status.equals("failed")) {
            diagnostics.put(test.getUniqueId(), diagnostics(result.getThrowable().orElse(null),
                    entries.getOrDefault(test.getUniqueId(), List.of())));
        }
        record(test, status, reason == null ? "" : reason);
    }

    private static String diagnostics(Throwable failure, List<ReportEntry> published) {
        StringBuilder text = new StringBuilder();
        if (failure != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            failure.printStackTrace(new java.io.PrintWriter(trace));
            // the messages and causes whole, of the frames only remotefs's own (the suite's, the
            // driver's): the JDK's and JUnit's below them say nothing about the failure
            List<String> lines = trace.toString().lines()
                    .filter(line -> !line.startsWith("\tat ") || line.startsWith("\tat org.remotefs."))
                    .toList();
            lines.stream().limit(STACK_LINES).forEach(line -> text.append(line).append('\n'));
            if (lines.size() > STACK_LINES) {
                text.append("\t... ").append(lines.size() - STACK_LINES).append(" more lines\n");
            }
        }
        for (ReportEntry entry : published) {
            String shares = entry.getKeyValuePairs().get(RemoteFsTckExtension.ENTRY_DIAGNOSTICS);
            if (shares != null) {
                text.append('\n').append(shares).append('\n');
            }
        }
        return text.toString();
    }

    /** Every contract test's outcome of the last run, sorted by contract and test, whatever its backend. */
    public List<Detailed> results() {
        return outcomes.entrySet().stream()
                .map(e -> new Detailed(e.getValue(), diagnostics.getOrDefault(e.getKey(), ""),
                        seconds.getOrDefault(e.getKey(), 0.0)))
                .sorted(java.util.Comparator.comparing((Detailed d) -> d.outcome().contract())
                        .thenComparing(d -> d.outcome().test()))
                .toList();
    }

    /** The capabilities the backends of the last run declared. */
    public java.util.SortedSet<String> capabilities() {
        java.util.SortedSet<String> capabilities = new java.util.TreeSet<>();
        backends.values().forEach(b -> b.path("capabilities").forEach(c -> capabilities.add(c.asText())));
        return capabilities;
    }

    private void record(TestIdentifier test, String status, String reason) {
        if (plan == null || !test.getUniqueId().contains("class-template-invocation")) {
            return;
        }
        String contract = contractOf(test);
        outcomes.put(test.getUniqueId(), new Outcome(contract, test.getDisplayName(), status, reason));
    }

    private String contractOf(TestIdentifier test) {
        Optional<TestIdentifier> current = Optional.of(test);
        while (current.isPresent()) {
            TestIdentifier identifier = current.get();
            if (identifier.getSource().map(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource)
                    .orElse(false) && !identifier.getUniqueId().endsWith("]") ) {
                return identifier.getDisplayName();
            }
            if (identifier.getUniqueId().matches(".*\\[class-template:[^\\]]*\\]$")) {
                return identifier.getDisplayName();
            }
            current = plan.getParent(identifier);
        }
        return "?";
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (outcomes.isEmpty() || backends.isEmpty()) {
            return;
        }
        Path directory = Path.of(testPlan.getConfigurationParameters().get(REPORT_DIR).orElse("target/remotefs-tck"));
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> backend : backends.entrySet()) {
            String id = backend.getKey();
            List<Outcome> results = outcomes.entrySet().stream()
                    .filter(e -> id.equals(backendFor(e.getKey())))
                    .map(Map.Entry::getValue)
                    .sorted(java.util.Comparator.comparing(Outcome::contract).thenComparing(Outcome::test))
                    .toList();
            try {
                Files.createDirectories(directory);
                Path json = directory.resolve("conformance-" + id + ".json");
                Files.write(json, Json.mapper().writeValueAsBytes(document(backend.getValue(), results)));
                Path markdown = directory.resolve("conformance-" + id + ".md");
                Files.writeString(markdown, markdown(backend.getValue(), results));
                files.put(id, json);
            } catch (IOException e) {
                System.err.println("remotefs TCK: cannot write the conformance report in " + directory + ": " + e);
            }
        }
        written = files;
    }

    /** The test's backend: the one published by the test or, for skipped tests, by a sibling. */
    private String backendFor(String uniqueId) {
        String direct = backendOf.get(uniqueId);
        if (direct != null) {
            return direct;
        }
        String invocation = uniqueId.replaceAll("(\\[class-template-invocation:#\\d+\\]).*", "$1");
        return backendOf.entrySet().stream().filter(e -> e.getKey().startsWith(invocation)).map(Map.Entry::getValue)
                .findFirst().orElse(backends.size() == 1 ? backends.keySet().iterator().next() : "?");
    }

    /** The JSON files written by the last run, by backend id. */
    public Map<String, Path> written() {
        return written;
    }

    private static Map<String, Object> document(JsonNode backend, List<Outcome> results) {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("qemu_img", QemuTools.exec(List.of("qemu-img", "--version")).output().lines().findFirst().orElse(""));
        environment.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        environment.put("java", System.getProperty("java.version"));
        backend.path("environment").properties().forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
        Map<String, Long> summary = new TreeMap<>();
        results.forEach(r -> summary.merge(r.status(), 1L, Long::sum));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("tck_version", version());
        document.put("backend", Map.of("id", backend.path("id").asText(), "version", backend.path("version").asText()));
        List<String> capabilities = new ArrayList<>();
        backend.path("capabilities").forEach(c -> capabilities.add(c.asText()));
        document.put("capabilities", capabilities);
        document.put("environment", environment);
        document.put("summary", summary);
        document.put("contracts", results);
        return document;
    }

    private static String markdown(JsonNode backend, List<Outcome> results) {
        StringBuilder md = new StringBuilder();
        md.append("# Conformance of `").append(backend.path("id").asText()).append("` ")
                .append(backend.path("version").asText()).append("\n\n");
        md.append("TCK ").append(version()).append(". Capabilities: ");
        List<String> capabilities = new ArrayList<>();
        backend.path("capabilities").forEach(c -> capabilities.add(c.asText().toLowerCase()));
        md.append(String.join(", ", capabilities)).append(".\n\n");
        md.append("| contract | test | result | note |\n|---|---|---|---|\n");
        for (Outcome outcome : results) {
            String mark = switch (outcome.status()) {
                case "passed" -> "✅ passed";
                case "refused" -> "✅ refused";
                case "failed" -> "❌ failed";
                case "known-deviation" -> "⚠️ known deviation";
                default -> "⏭ skipped";
            };
            md.append("| ").append(outcome.contract()).append(" | ").append(outcome.test()).append(" | ").append(mark)
                    .append(" | ").append(outcome.reason().replace("\n", " ").replace("|", "\\|")).append(" |\n");
        }
        return md.toString();
    }

    private static String version() {
        String version = ConformanceReport.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
