package org.remotefs.tck.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report writers: matrix states, HTML escaping, JUnit XML a parser reads back, Markdown. */
class ReportWritersTest {
    private static final String HOSTILE = "expected <b>1</b> & \"2\" but was 'x' | `y` \u0001 end";

    private static Matrix matrix() {
        BackendResult gold = new BackendResult("gold", "localfs", List.of("CLONE", "SNAPSHOTS"), List.of(
                new TestResult("CloneContract", "cloneKeepsData()", "passed", "", ""),
                new TestResult("CloneContract", "cloneOfSnapshot()", "refused", "UNSUPPORTED as required", ""),
                new TestResult("ExtendContract", "extendGrows()", "failed", HOSTILE,
                        "org.opentest4j.AssertionFailedError: " + HOSTILE + "\n\tat Extend.java:12\n```\nshares: <none>", 2.5),
                new TestResult("VolumeFormatContract", "vhd()", "refused", "UNSUPPORTED as required", ""),
                new TestResult("VolumeFormatContract", "vhdx()", "refused", "UNSUPPORTED as required", ""),
                new TestResult("RevertContract", "revert()", "known-deviation", "the array reverts <itself>", "")),
                Optional.empty(), 1.5);
        BackendResult silver = new BackendResult("silver", "nfs", List.of(), List.of(
                new TestResult("CloneContract", "cloneKeepsData()", "passed", "", ""),
                new TestResult("ExtendContract", "extendGrows()", "passed", "", ""),
                new TestResult("RevertContract", "revert()", "skipped", "needs a shares file", ""),
                new TestResult("VolumeFormatContract", "vhd()", "passed", "", "")), Optional.empty(), 2);
        return new Matrix("remotefs conformance", "0.1.0", List.of(gold, silver));
    }

    @Test
    void eachCellTakesTheStateOfItsTests() {
        BackendResult gold = matrix().backends().get(0);
        BackendResult silver = matrix().backends().get(1);

        assertThat(gold.cell("CloneContract").state()).isEqualTo(CellState.PASSED);
        assertThat(gold.cell("CloneContract").note()).contains("1 not declared");
        assertThat(gold.cell("ExtendContract").state()).isEqualTo(CellState.FAILED);
        assertThat(gold.cell("ExtendContract").failed()).extracting(TestResult::test).containsExactly("extendGrows()");
        assertThat(gold.cell("VolumeFormatContract").state()).isEqualTo(CellState.NOT_DECLARED);
        assertThat(gold.cell("RevertContract").state()).isEqualTo(CellState.KNOWN_DEVIATION);
        assertThat(gold.cell("RevertContract").note()).contains("the array reverts <itself>");
        assertThat(silver.cell("RevertContract").state()).isEqualTo(CellState.SKIPPED);
        assertThat(silver.cell("VolumeFormatContract").state()).isEqualTo(CellState.PASSED);
        assertThat(matrix().failed()).isTrue();
        assertThat(new Matrix("t", "v", List.of(silver)).failed()).isFalse();
        assertThat(matrix().contracts()).containsExactly("CloneContract", "ExtendContract", "RevertContract",
                "VolumeFormatContract");
    }

    @Test
    void aBackendThatCouldNotBeSetUpFailsEveryCell() {
        BackendResult broken = new BackendResult("broken", "localfs", List.of(), List.of(),
                Optional.of("share /x is not a directory"), 0.1);
        Matrix matrix = new Matrix("t", "v", List.of(matrix().backends().get(1), broken));

        assertThat(matrix.contracts()).allSatisfy(c -> assertThat(broken.cell(c).state()).isEqualTo(CellState.FAILED));
        assertThat(matrix.failed()).isTrue();
        String html = new HtmlReport().render(matrix);
        assertThat(html).contains("id=\"" + Matrix.anchor("broken", "CloneContract") + "\"")
                .contains("share /x is not a directory");
    }

    @Test
    void theHtmlPageEscapesEveryMessageAndLinksFailedCellsToTheirDiagnostics() {
        String html = new HtmlReport().render(matrix());

        assertThat(html).doesNotContain("<b>1</b>").doesNotContain("<itself>").doesNotContain("<script")
                .contains("expected &lt;b&gt;1&lt;/b&gt; &amp; &quot;2&quot; but was &#39;x&#39;")
                .contains("the array reverts &lt;itself&gt;");
        String anchor = Matrix.anchor("gold", "ExtendContract");
        assertThat(html).contains("<a href=\"#" + anchor + "\">failed</a>").contains("<h3 id=\"" + anchor + "\">")
                .contains("at Extend.java:12");
        assertThat(html).contains("<td class=\"not-declared\">not declared")
                .contains("<td class=\"known-deviation\">known deviation").contains("<td class=\"skipped\">skipped")
                .contains("<style>").doesNotContain("<link").doesNotContain("src=");
        // a well-formed page: every table row closed
        assertThat(html.split("<tr>", -1).length).isEqualTo(html.split("</tr>", -1).length);
    }

    @Test
    void theJUnitXmlParsesBackWithTheSurefireShape() throws Exception {
        String xml = new JUnitXmlReport().render(matrix().backends().get(0));

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = document.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("name")).isEqualTo("remotefs-tck.gold");
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("0");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(6);
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        Element failedCase = (Element) failure.getParentNode();
        assertThat(failedCase.getAttribute("classname")).isEqualTo("org.remotefs.tck.contract.ExtendContract");
        assertThat(failedCase.getAttribute("name")).isEqualTo("extendGrows()");
        assertThat(failedCase.getAttribute("time")).isEqualTo("2.500");
        assertThat(suite.getAttribute("time")).isEqualTo("1.500");
        // the control character, illegal in XML 1.0, is replaced; the rest comes back as written
        assertThat(failure.getAttribute("message")).isEqualTo(HOSTILE.replace('\u0001', '\uFFFD'));
        assertThat(failure.getTextContent()).contains("at Extend.java:12");
        Element skipped = (Element) suite.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("known deviation: the array reverts <itself>");
        assertThat(suite.getElementsByTagName("property").getLength()).isEqualTo(3);
    }

    @Test
    void aSetupErrorIsAnErrorCaseInTheJUnitXml() throws Exception {
        String xml = new JUnitXmlReport().render(new BackendResult("b", "localfs", List.of(), List.of(),
                Optional.of("cannot open <share>"), 0));

        Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(((Element) suite.getElementsByTagName("error").item(0)).getAttribute("message"))
                .isEqualTo("cannot open <share>");
    }

    @Test
    void theMarkdownTableHasOneRowPerContractAndItsCellsStayInTheirColumns() {
        String md = new MarkdownReport().render(matrix());

        List<String> rows = md.lines().filter(l -> l.startsWith("| ") && l.contains("Contract |")).toList();
        assertThat(rows).hasSize(4);
        // 3 columns, 4 pipes: a '|' in a message is escaped, never a column of its own
        assertThat(rows).allSatisfy(row -> assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count())
                .isEqualTo(4));
        // outside code blocks, markup in a message is text
        assertThat(md.lines().filter(l -> l.startsWith("- **"))).allSatisfy(l -> assertThat(l).doesNotContain("<b>"));
        String anchor = Matrix.anchor("gold", "ExtendContract");
        assertThat(md).contains("❌ [failed](#" + anchor + ")").contains("<a id=\"" + anchor + "\"></a>")
                .contains("➖ not declared").contains("⚠️ known deviation — revert(): the array reverts &lt;itself&gt;")
                .contains("⏭ skipped — needs a shares file");
        // the diagnostics' own ``` cannot close their code block, which is longer
        assertThat(md).contains("````\norg.opentest4j.AssertionFailedError")
                .contains("but was &#39;x&#39; | \\`y\\`");
    }

    @Test
    void theFilesAreWrittenWithSecretsMasked(@TempDir Path directory) throws Exception {
        Matrix masked = matrix().masked(text -> text.replace("Extend.java", "***"));

        List<Path> written = new ReportFiles().write(directory, masked);

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("index.html", "report.md", "TEST-gold.xml", "TEST-silver.xml");
        for (Path file : written) {
            assertThat(Files.readString(file)).doesNotContain("Extend.java");
        }
        assertThat(ReportFiles.junitFile("a b/../c")).isEqualTo("TEST-a_b_.._c.xml");
    }
}
