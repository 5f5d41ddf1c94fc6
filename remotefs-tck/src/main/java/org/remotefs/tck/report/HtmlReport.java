package org.remotefs.tck.report;

/**
 * The matrix as one static HTML page: inline CSS, no script, every text escaped. A failed cell
 * links to that backend's section, where each failed test's message and diagnostics are.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font-family:sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}
            td.passed{background:#dff3df}td.failed{background:#f8d7d7}td.not-declared{background:#e8e8f4}
            td.known-deviation{background:#fdf0cf}td.skipped{background:#eee}
            small{color:#555}pre{background:#f6f6f6;padding:.6em;overflow-x:auto;white-space:pre-wrap}
            """;

    public String render(Matrix matrix) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.append("<title>").append(escape(matrix.title())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>").append(escape(matrix.title())).append("</h1>\n");
        html.append("<p>TCK ").append(escape(matrix.tckVersion())).append(". Result: <strong>")
                .append(matrix.failed() ? "FAILED" : "passed").append("</strong>.</p>\n");
        html.append("<p>Cells: <em>passed</em>; <em>failed</em> (linked to its diagnostics below); <em>not declared</em>"
                + " (the backend does not declare the capability, and its refusal was checked); <em>known deviation</em>"
                + " (listed by the backend, with its reason); <em>skipped</em> (the binding lacks what the tests need)."
                + " Each backend's own files and the suite's log (remotefs-tck.log) are beside this page.</p>\n");
        html.append("<table>\n<tr><th>contract</th>");
        for (BackendResult backend : matrix.backends()) {
            html.append("<th>").append(escape(backend.name())).append("<br><small>").append(escape(backend.driver()))
                    .append("</small></th>");
        }
        html.append("</tr>\n");
        for (String contract : matrix.contracts()) {
            html.append("<tr><th>").append(escape(contract)).append("</th>");
            for (BackendResult backend : matrix.backends()) {
                Cell cell = backend.cell(contract);
                html.append("<td class=\"").append(cell.state().slug()).append("\">");
                if (cell.state() == CellState.FAILED) {
                    html.append("<a href=\"#").append(Matrix.anchor(backend.name(), contract)).append("\">failed</a>");
                } else {
                    html.append(cell.state().label());
                }
                html.append("<br><small>").append(escape(cell.note())).append("</small></td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        for (BackendResult backend : matrix.backends()) {
            if (backend.setupError().isPresent()) {
                // a setup failure shows once, under the backend's heading, which each of its cells links to
                html.append(setupAnchors(matrix, backend));
            }
            html.append("<h2>").append(escape(backend.name())).append("</h2>\n<p>driver ").append(escape(backend.driver()))
                    .append("; capabilities: ").append(escape(String.join(", ", backend.capabilities())))
                    .append(String.format(java.util.Locale.ROOT, "; %.1f s.</p>%n", backend.seconds()));
            backend.setupError().ifPresent(error -> html.append("<p>The backend could not be set up:</p>\n<pre>")
                    .append(escape(error)).append("</pre>\n"));
            for (String contract : matrix.contracts()) {
                Cell cell = backend.cell(contract);
                if (cell.state() != CellState.FAILED || backend.setupError().isPresent()) {
                    continue;
                }
                html.append("<h3 id=\"").append(Matrix.anchor(backend.name(), contract)).append("\">")
                        .append(escape(contract)).append(" on ").append(escape(backend.name())).append("</h3>\n");
                for (TestResult test : cell.failed()) {
                    html.append("<h4>").append(escape(test.test())).append("</h4>\n<p>").append(escape(test.reason()))
                            .append("</p>\n<pre>").append(escape(test.diagnostics())).append("</pre>\n");
                }
            }
        }
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static String setupAnchors(Matrix matrix, BackendResult backend) {
        StringBuilder anchors = new StringBuilder();
        matrix.contracts().forEach(c -> anchors.append("<span id=\"").append(Matrix.anchor(backend.name(), c))
                .append("\"></span>"));
        return anchors.toString();
    }

    /** Text as HTML: markup, quotes and ampersands escaped. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
