package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.testing.PythonCinder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code remotefs bench --report DIR} run as a process of the shaded jar, with Debian's Cinder
 * installed: the three files, remotefs's and Cinder's figures side by side, ratios, a chart that
 * parses, and no scratch directory left behind.
 */
class BenchReportIT {
    @TempDir
    Path work;

    @Test
    void reportHasRemotefsAndCinderSideBySide() throws Exception {
        PythonCinder.requireInstalled();
        Path report = work.resolve("report");
        Path scratch = Files.createDirectory(work.resolve("scratch"));

        RemotefsProcess.Result result = new RemotefsProcess(work).run("bench", "--runs", "2", "--dir", scratch.toString(),
                "--report", report.toString());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout() + result.stderr()).contains("beside Cinder's NFS driver");
        assertThat(report.resolve("bench.json")).isNotEmptyFile();
        JsonNode json = new ObjectMapper().readTree(report.resolve("bench.json").toFile());
        List<String> compared = new ArrayList<>();
        for (JsonNode operation : json.path("operations")) {
            if (operation.has("cinder")) {
                compared.add(operation.path("name").asText());
                assertThat(operation.at("/remotefs/samples").asInt()).isPositive();
                assertThat(operation.at("/cinder/median_ms").asDouble()).isPositive();
                assertThat(operation.path("ratio").asDouble()).isPositive();
            }
        }
        assertThat(compared).containsExactlyInAnyOrder("create_volume", "create_snapshot", "delete_snapshot_middle",
                "delete_snapshot_oldest", "delete_snapshot_last", "create_volume_from_snapshot", "create_cloned_volume",
                "extend_volume", "extend_volume_raw", "get_volume_stats", "initialize_connection");
        assertThat(json.at("/cinder_environment/cinder").asText()).isNotBlank();
        assertThat(json.at("/operations/0/cinder/processes").asInt()).as("Cinder's create_volume runs commands")
                .isPositive();
        assertThat(Files.readString(report.resolve("bench.md"))).contains("| Cinder median ms |", "| create_snapshot |");
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        var svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(report.resolve("bench.svg"))));
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getElementsByTagNameNS("*", "rect").getLength()).as("bars of both, beside the legend")
                .isGreaterThan(4 * compared.size());
        try (var left = Files.list(scratch)) {
            assertThat(left).as("both scratch shares are removed").isEmpty();
        }
    }
}
