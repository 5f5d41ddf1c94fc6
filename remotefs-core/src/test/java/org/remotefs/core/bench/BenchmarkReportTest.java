package org.remotefs.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The report's writers: a chart that is valid SVG, a table with both columns, ratios and goals. */
final class BenchmarkReportTest {
    @TempDir
    Path directory;

    private static final BenchmarkResult REMOTEFS = result(
            BenchmarkResult.Operation.of("create_snapshot", List.of(4.0, 6.0, 5.0), 0),
            BenchmarkResult.Operation.of("get_volume_stats", List.of(0.01, 0.03), 0),
            BenchmarkResult.Operation.of("lock_inprocess", List.of(0.0), 0));
    private static final BenchmarkResult CINDER = result(
            BenchmarkResult.Operation.of("create_snapshot", List.of(250.0, 300.0, 200.0), 2),
            BenchmarkResult.Operation.of("get_volume_stats", List.of(0.5, 1.5), 3));

    private static BenchmarkResult result(BenchmarkResult.Operation... operations) {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("runs", 3);
        environment.put("note", "<a & b>");
        return new BenchmarkResult(List.of(operations), environment);
    }

    @Test
    void operationFiguresAreTheMedianAndTheNearestRankP95() {
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            samples.add((double) i);
        }
        BenchmarkResult.Operation operation = BenchmarkResult.Operation.of("x", samples, 1);
        assertThat(operation.medianMs()).isEqualTo(10.5);
        assertThat(operation.p95Ms()).isEqualTo(19.0);
        assertThat(operation.samples()).isEqualTo(20);
    }

    @Test
    void ratiosAndGoalsPerOperation() {
        BenchmarkComparison comparison = BenchmarkComparison.of(REMOTEFS, new CinderBenchmark.Outcome(CINDER, null));
        assertThat(comparison.rows()).extracting(BenchmarkComparison.Row::name)
                .containsExactly("create_snapshot", "get_volume_stats", "lock_inprocess");
        BenchmarkComparison.Row snapshot = comparison.rows().get(0);
        assertThat(snapshot.ratio()).isEqualTo(50.0);
        assertThat(snapshot.meetsGoal()).isTrue();
        BenchmarkComparison.Row stats = comparison.rows().get(1);
        assertThat(stats.goal()).isEqualTo(100);
        assertThat(stats.ratio()).isEqualTo(50.0);
        assertThat(stats.meetsGoal()).as("50× is under the 100× stats goal").isFalse();
        assertThat(comparison.rows().get(2).cinder()).as("Cinder has no such operation").isNull();
        assertThat(comparison.rows().get(2).meetsGoal()).isFalse();
    }

    @Test
    void markdownHasBothColumnsTheRatioAndTheGoal() {
        String markdown = new MarkdownReport().write(
                BenchmarkComparison.of(REMOTEFS, new CinderBenchmark.Outcome(CINDER, null)));
        assertThat(markdown).contains("| operation | remotefs median ms | remotefs p95 ms | remotefs processes "
                + "| Cinder median ms | Cinder p95 ms | Cinder processes | ratio | goal met |");
        assertThat(markdown).contains("| create_snapshot | 5.00 | 6.00 | 0 | 250.0 | 300.0 | 2 | 50.0× | yes (≥10×) |");
        assertThat(markdown).contains("| get_volume_stats | 0.02 | 0.03 | 0 | 1.00 | 1.50 | 3 | 50.0× | no (≥100×) |");
        assertThat(markdown).contains("| lock_inprocess | 0.00 | 0.00 | 0 | — | — | — | — | — |");
    }

    @Test
    void markdownWithoutCinderSaysWhy() {
        String markdown = new MarkdownReport().write(
                BenchmarkComparison.of(REMOTEFS, new CinderBenchmark.Outcome(null, "no /usr/bin/python3")));
        assertThat(markdown).contains("Cinder was not measured: no /usr/bin/python3.");
        assertThat(markdown).doesNotContain("Cinder median");
        assertThat(markdown).contains("| create_snapshot | 5.00 | 6.00 | 0 |\n");
    }

    @Test
    void svgIsValidXmlWithABarPerFigureOnALogAxis() throws Exception {
        String svg = new SvgChart().write(BenchmarkComparison.of(REMOTEFS, new CinderBenchmark.Outcome(CINDER, null)));
        Document document = parse(svg);
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        List<String> titles = texts(document.getElementsByTagNameNS("*", "title"));
        assertThat(titles).contains("create_snapshot median 5.00 ms", "create_snapshot p95 6.00 ms",
                "create_snapshot median 250.0 ms", "get_volume_stats p95 1.50 ms", "lock_inprocess median 0.00 ms");
        // 3 remotefs operations and 2 of Cinder's, a median and a p95 bar each
        assertThat(titles).hasSize(10);
        List<String> labels = texts(document.getElementsByTagNameNS("*", "text"));
        assertThat(labels).anyMatch(text -> text.contains("log scale"));
        assertThat(labels).contains("0.01", "1000").anyMatch(text -> text.contains("50.0×"));
    }

    @Test
    void svgOnALinearAxisWhenTheFiguresAreClose() throws Exception {
        BenchmarkResult close = result(BenchmarkResult.Operation.of("a", List.of(4.0), 0),
                BenchmarkResult.Operation.of("b", List.of(7.5), 0));
        String svg = new SvgChart().write(BenchmarkComparison.of(close, new CinderBenchmark.Outcome(null, "x < y & z")));
        List<String> labels = texts(parse(svg).getElementsByTagNameNS("*", "text"));
        assertThat(labels).anyMatch(text -> text.contains("linear scale"));
        assertThat(labels).contains("Cinder not measured: x < y & z", "0", "8");
    }

    @Test
    void reportWritesTheThreeFiles() throws Exception {
        new BenchmarkReport().write(BenchmarkComparison.of(REMOTEFS, new CinderBenchmark.Outcome(CINDER, null)),
                directory.resolve("out"));
        for (String file : BenchmarkReport.FILES) {
            assertThat(directory.resolve("out").resolve(file)).isNotEmptyFile();
        }
        var json = org.remotefs.core.json.Json.mapper().readTree(directory.resolve("out/bench.json").toFile());
        assertThat(json.at("/operations/0/cinder/median_ms").asDouble()).isEqualTo(250.0);
        assertThat(json.at("/operations/0/ratio").asDouble()).isEqualTo(50.0);
        assertThat(json.at("/operations/1/goal_met").asBoolean()).isFalse();
        assertThat(json.at("/operations/2/cinder").isMissingNode()).isTrue();
        assertThat(Files.readString(directory.resolve("out/bench.md"))).contains("| ratio | goal met |");
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> texts(NodeList nodes) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
