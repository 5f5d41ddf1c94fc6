package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code remotefs tck}: the conformance suite from the command line, as a separate process. */
class TckCommandIT {
    @TempDir
    Path work;

    @Test
    void theSuitePassesAgainstTheEmbeddedLocalfsAndWritesItsReports() throws Exception {
        Result result = new RemotefsProcess(work).run("tck", "--report", "reports", "--format", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode document = result.stdoutJson();
        assertThat(document.path("passed").asBoolean()).isTrue();
        assertThat(document.path("tests").asInt()).isGreaterThan(30);
        assertThat(document.path("failed").asInt()).isZero();
        JsonNode report = document.path("conformance").get(0);
        assertThat(report.path("backend").path("id").asText()).isEqualTo("localfs");
        assertThat(report.path("capabilities").toString()).contains("SNAPSHOTS");
        assertThat(report.path("environment").path("qemu_img").asText()).startsWith("qemu-img version");
        assertThat(report.path("contracts").size()).isGreaterThan(30);
        assertThat(work.resolve("reports/conformance-localfs.json")).exists();
        assertThat(Files.readString(work.resolve("reports/conformance-localfs.md"))).contains("| SnapshotChainContract |");
        // the warnings the suite's bad fixtures provoke are in its log, not presented as the user's
        assertThat(result.stderr()).as(result.toString()).isBlank();
        assertThat(Files.readString(work.resolve("reports/remotefs-tck.log"))).contains("warn: ");
    }

    @Test
    void aConfiguredBackendIsTestedOnItsOwnShareAndLeftClean() throws Exception {
        Path share = work.resolve("gold");
        Files.writeString(work.resolve("remotefs.conf"),
                "remotefs.backends.gold { driver = localfs, nas_share_path = \"" + share + "\" }\n");

        Result result = new RemotefsProcess(work).run("--config", "remotefs.conf", "tck", "--report", "reports");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("| VolumeLifecycleContract |").contains(" 0 failed");
        try (var left = Files.list(share)) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(name -> !name.startsWith("volume-"));
        }
    }

    @Test
    void aConfiguredBackendWithTwoSharesOnOneFilesystemPasses() throws Exception {
        // Cinder counts each share's filesystem once per share: the TCK must expect just that
        Path first = Files.createDirectories(work.resolve("silver-1"));
        Path second = Files.createDirectories(work.resolve("silver-2"));
        Files.writeString(work.resolve("shares"), first + "\n" + second + "\n");
        Files.writeString(work.resolve("remotefs.conf"), "remotefs.backends.silver { driver = localfs, "
                + "localfs_shares_config = \"" + work.resolve("shares") + "\" }\n");

        Result result = new RemotefsProcess(work).run("--config", "remotefs.conf", "tck", "--report", "reports",
                "--format", "json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdoutJson().path("failed").asInt()).isZero();
        for (Path share : List.of(first, second)) {
            try (var left = Files.list(share)) {
                assertThat(left.map(p -> p.getFileName().toString())).allMatch(name -> !name.startsWith("volume-"));
            }
        }
    }

    @Test
    void anUnknownBackendNameIsBackendNotFound() throws Exception {
        Files.writeString(work.resolve("remotefs.conf"), "remotefs.backends.gold { driver = localfs }\n");

        Result result = new RemotefsProcess(work).run("--config", "remotefs.conf", "--backend", "nope", "--format", "json",
                "tck");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrJson().path("code").asText()).isEqualTo("BACKEND_NOT_FOUND");
    }

    @Test
    void aBadKnownDeviationsFileIsInvalidInputNamingItsLineAndRunsNothing() throws Exception {
        Files.writeString(work.resolve("deviations"), "# ours\nExtendContract#noSuchTest | reason | https://tracker.example/1\n");

        Result result = new RemotefsProcess(work).run("tck", "--known-deviations", "deviations", "--report", "reports",
                "--format", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(result.stderrJson().path("message").asText()).contains("deviations:2", "noSuchTest");
        assertThat(work.resolve("reports")).doesNotExist();
    }
}
