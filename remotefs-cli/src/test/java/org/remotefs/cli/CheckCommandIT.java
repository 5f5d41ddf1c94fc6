package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code remotefs check [--repair]}, {@code volume delete --force} and an extend retried at the
 * size it already reached, from the shaded jar as separate processes on the default backend.
 */
class CheckCommandIT {
    @TempDir
    Path tempDir;

    private Path share;
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws IOException {
        Path work = tempDir.toRealPath();
        share = work.resolve("remotefs-data");
        remotefs = new RemotefsProcess(work);
    }

    private Result run(String... args) {
        String[] withJson = Stream.concat(Stream.of("--format", "json"), Stream.of(args)).toArray(String[]::new);
        return remotefs.run(withJson);
    }

    private JsonNode ok(String... args) {
        Result result = run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdoutJson();
    }

    private static List<String> codes(JsonNode document) {
        return document.path("findings").findValuesAsText("code");
    }

    @Test
    void checkReportsLeftoversWithCodesAndRepairPutsThemRight() throws Exception {
        String id = ok("volume", "create", "--size", "1").path("id").asText();
        assertThat(ok("check").path("findings")).isEmpty();
        // recorded first: overlays an info file does not name are orphans (without one, INFO_FILE_MISSING)
        ok("snapshot", "create", id);
        String name = "volume-" + id;
        Path orphan = share.resolve(name + "." + UUID.randomUUID());
        assertThat(RemotefsProcess.exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", name, "-F", "raw",
                orphan.toString()), share).exitCode()).isZero();
        assertThat(RemotefsProcess.exec(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 7 0 65536",
                orphan.toString()), share).exitCode()).isZero();
        Files.writeString(share.resolve(name + ".tmp-create-" + UUID.randomUUID()), "half");

        Result report = run("check");

        assertThat(report.exitCode()).as(report.toString()).isEqualTo(1);
        assertThat(codes(report.stdoutJson())).containsExactlyInAnyOrder("TEMPORARY_FILE", "ORPHAN_OVERLAY");
        assertThat(report.stdoutJson().path("open").asInt()).isEqualTo(2);
        assertThat(report.stderrJson().path("code").asText()).isEqualTo("CHECK_FAILED");
        assertThat(orphan).exists();

        JsonNode repaired = ok("check", id, "--repair");

        assertThat(repaired.path("findings").findValuesAsText("outcome")).containsExactly("repaired", "repaired");
        assertThat(orphan).doesNotExist();
        assertThat(share.resolve(".remotefs-quarantine")).isNotEmptyDirectory();
        assertThat(ok("check").path("findings")).isEmpty();
        Result table = remotefs.run("check");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains("(none)");
    }

    @Test
    void aMissingInfoFileIsReportedAndRebuiltFromTheChain() throws Exception {
        String id = ok("volume", "create", "--size", "1").path("id").asText();
        String snapshot = ok("snapshot", "create", id).path("id").asText();
        String name = "volume-" + id;
        Path overlay = share.resolve(name + "." + snapshot);
        assertThat(RemotefsProcess.exec(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 9 0 65536",
                overlay.toString()), share).exitCode()).isZero();
        Path info = share.resolve(name + ".info");
        String written = Files.readString(info);
        Files.delete(info);

        Result report = run("check");

        assertThat(report.exitCode()).as(report.toString()).isEqualTo(1);
        JsonNode finding = report.stdoutJson().path("findings").path(0);
        assertThat(finding.path("code").asText()).isEqualTo("INFO_FILE_MISSING");
        assertThat(finding.path("volume_id").asText()).isEqualTo(id);
        assertThat(finding.path("outcome").isMissingNode() || finding.path("outcome").isNull()).isTrue();
        assertThat(info).doesNotExist();

        JsonNode repaired = ok("check", "--repair");

        assertThat(repaired.path("findings")).singleElement().satisfies(f -> {
            assertThat(f.path("code").asText()).isEqualTo("INFO_FILE_MISSING");
            assertThat(f.path("outcome").asText()).isEqualTo("repaired");
        });
        assertThat(info).as("the info file Cinder had written").hasContent(written);
        assertThat(ok("check").path("findings")).isEmpty();
        assertThat(RemotefsProcess.exec(List.of("qemu-io", "-r", "-f", "qcow2", "-c", "read -P 9 0 65536",
                overlay.toString()), share).exitCode()).isZero();
        ok("snapshot", "delete", snapshot);
        ok("volume", "delete", id);
    }

    @Test
    void aVolumeWithAnUnreadableInfoFileIsDeletedWithForce() throws Exception {
        String id = ok("volume", "create", "--size", "1").path("id").asText();
        ok("snapshot", "create", id);
        Files.writeString(share.resolve("volume-" + id + ".info"), "not json");

        Result refused = run("volume", "delete", id);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderrJson().path("code").asText()).isEqualTo("INVALID_VOLUME");
        Result found = run("check");
        assertThat(codes(found.stdoutJson())).containsExactly("INFO_FILE_UNREADABLE");

        JsonNode deleted = ok("volume", "delete", "--force", id);

        assertThat(deleted.path("files_deleted")).hasSize(3);
        try (Stream<Path> left = Files.list(share)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("volume-" + id))).isEmpty();
        }
        assertThat(ok("check").path("findings")).isEmpty();
    }

    @Test
    void anExtendToTheSizeTheVolumeHasSucceedsWithAWarningAndASmallerSizeIsRefused() {
        String id = ok("volume", "create", "--size", "2").path("id").asText();

        Result retried = run("volume", "extend", id, "--size", "2");

        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(retried.stdoutJson().path("size").asInt()).isEqualTo(2);
        assertThat(retried.stderrJson().path("warnings")).hasSize(1);
        Result smaller = run("volume", "extend", id, "--size", "1");
        assertThat(smaller.exitCode()).as(smaller.toString()).isEqualTo(1);
        assertThat(smaller.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
    }
}
