package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code remotefs tck --all-backends --report DIR}: two localfs backends, a sound one with a known
 * deviation listed and one whose share is a regular file, which the suite catches; two contracts,
 * so that the run stays short. Checks the three outputs, the exit status, and that a secret of
 * the configuration never reaches the report.
 */
class TckAllBackendsIT {
    /** A secret that is also in the name of the broken backend's share (which its log names). */
    private static final String SECRET = "tck-secret-7b1e";

    @TempDir
    Path work;

    @Test
    void everyBackendIsRunAndOneReportShowsTheMatrixWithTheFailureLinkedAndTheSecretMasked() throws Exception {
        Files.createDirectories(work.resolve("gold"));
        Files.writeString(work.resolve(SECRET), "a file, not a directory\n");
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.backends.gold { driver = localfs, nas_share_path = "%s", nas_password = "%s" }
                remotefs.backends.broken { driver = localfs, nas_share_path = "%s" }
                """.formatted(work.resolve("gold"), SECRET, work.resolve(SECRET)));
        Files.writeString(work.resolve("gold.deviations"), "RevertContract#revertDiscardsWhatWasWrittenSinceTheLatestSnapshot"
                + " | the array reverts on its own | https://tracker.example/7\n");

        Result result = new RemotefsProcess(work).run("--config", "remotefs.conf", "--format", "json", "tck",
                "--all-backends", "--report", "reports", "--contract", "ConnectionInfoContract", "--contract",
                "RevertContract", "--known-deviations", "gold=gold.deviations");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderrJson().path("code").asText()).isEqualTo("CONFORMANCE_FAILED");
        JsonNode document = result.stdoutJson();
        assertThat(document.path("passed").asBoolean()).isFalse();
        JsonNode broken = document.path("backends").get(0);
        JsonNode gold = document.path("backends").get(1);
        assertThat(gold.path("name").asText()).isEqualTo("gold");
        assertThat(gold.path("passed").asBoolean()).isTrue();
        assertThat(gold.path("contracts").path("ConnectionInfoContract").asText()).isEqualTo("passed");
        assertThat(gold.path("contracts").path("RevertContract").asText()).isEqualTo("known deviation");
        assertThat(broken.path("name").asText()).isEqualTo("broken");
        assertThat(broken.path("passed").asBoolean()).isFalse();
        assertThat(broken.path("contracts").path("ConnectionInfoContract").asText()).isEqualTo("failed");
        assertThat(gold.path("contracts").size()).isEqualTo(2);

        Path reports = work.resolve("reports");
        String html = Files.readString(reports.resolve("index.html"));
        assertThat(html).contains("<td class=\"passed\">passed").contains("<td class=\"known-deviation\">known deviation")
                .contains("the array reverts on its own").contains("<a href=\"#fail-broken-ConnectionInfoContract\">failed</a>")
                .contains("id=\"fail-broken-ConnectionInfoContract\"").doesNotContain("<script");
        String markdown = Files.readString(reports.resolve("report.md"));
        assertThat(markdown).contains("| ConnectionInfoContract | ❌ [failed](#fail-broken-ConnectionInfoContract)")
                .contains("⚠️ known deviation");
        for (String backend : new String[] {"gold", "broken"}) {
            Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(reports.resolve("TEST-" + backend + ".xml").toFile()).getDocumentElement();
            assertThat(suite.getAttribute("name")).isEqualTo("remotefs-tck." + backend);
            int failures = Integer.parseInt(suite.getAttribute("failures")) + Integer.parseInt(suite.getAttribute("errors"));
            if (backend.equals("gold")) {
                assertThat(failures).isZero();
                assertThat(suite.getAttribute("skipped")).isEqualTo("1");
                assertThat(suite.getElementsByTagName("testcase").getLength()).isEqualTo(5);
            } else {
                assertThat(failures).isPositive();
            }
        }
        // each run's own conformance files, apart
        assertThat(reports.resolve("gold/conformance-localfs.json")).exists();
        try (var files = Files.walk(reports)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as("%s", file).doesNotContain(SECRET);
            }
        }
        assertThat(result.stdout() + result.stderr()).doesNotContain(SECRET);
    }

    @Test
    void aSoundBackendAloneExitsZeroAndASingleBackendRunWritesTheSameReport() throws Exception {
        Files.createDirectories(work.resolve("gold"));
        Files.writeString(work.resolve("remotefs.conf"),
                "remotefs.backends.gold { driver = localfs, nas_share_path = \"" + work.resolve("gold") + "\" }\n");

        Result all = new RemotefsProcess(work).run("--config", "remotefs.conf", "tck", "--all-backends", "--report",
                "all", "--contract", "ConnectionInfoContract");
        Result single = new RemotefsProcess(work).run("--config", "remotefs.conf", "tck", "--report", "single",
                "--contract", "ConnectionInfoContract");

        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.stdout()).contains("| ConnectionInfoContract | ✅ passed |");
        assertThat(single.exitCode()).as(single.toString()).isZero();
        assertThat(single.stdout()).contains("| ConnectionInfoContract |").contains(" 0 failed");
        for (String dir : new String[] {"all", "single"}) {
            assertThat(work.resolve(dir).resolve("index.html")).exists();
            assertThat(Files.readString(work.resolve(dir).resolve("report.md")))
                    .contains("| ConnectionInfoContract | ✅ passed |");
            assertThat(work.resolve(dir).resolve("TEST-gold.xml")).exists();
        }
    }

    @Test
    void anUnknownContractIsInvalidInputAndAllBackendsNeedsAConfiguration() throws Exception {
        Result unknown = new RemotefsProcess(work).run("--format", "json", "tck", "--contract", "NoSuchContract");
        Result noConfig = new RemotefsProcess(work).run("--format", "json", "tck", "--all-backends");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(noConfig.exitCode()).isEqualTo(1);
        assertThat(noConfig.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
    }
}
