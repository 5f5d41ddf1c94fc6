package org.remotefs.tck.report;

/** The matrix as Markdown (GitHub's tables): the README's copy and a CI summary's. */
public final class MarkdownReport {

    public String render(Matrix matrix) {
        StringBuilder md = new StringBuilder("# ").append(inline(matrix.title())).append("\n\n");
        md.append("TCK ").append(inline(matrix.tckVersion())).append(". Result: **")
                .append(matrix.failed() ? "FAILED" : "passed").append("**.\n\n");
        md.append(matrixTable(matrix));
        for (BackendResult backend : matrix.backends()) {
            if (!backend.failed()) {
                continue;
            }
            md.append("\n## Failures on ").append(inline(backend.name())).append("\n");
            for (String contract : matrix.contracts()) {
                Cell cell = backend.cell(contract);
                if (cell.state() != CellState.FAILED) {
                    continue;
                }
                md.append("\n<a id=\"").append(Matrix.anchor(backend.name(), contract)).append("\"></a>\n### ")
                        .append(inline(contract)).append(" on ").append(inline(backend.name())).append("\n");
                for (TestResult test : cell.failed()) {
                    md.append("\n- **").append(inline(test.test())).append("**: ").append(inline(test.reason()))
                            .append("\n\n").append(fenced(test.diagnostics()));
                }
            }
        }
        return md.toString();
    }

    /** Just the table, with a legend line: what the README shows. */
    public String matrixTable(Matrix matrix) {
        StringBuilder md = new StringBuilder("| contract |");
        matrix.backends().forEach(b -> md.append(' ').append(cell(b.name())).append(" |"));
        md.append("\n|---|");
        matrix.backends().forEach(b -> md.append("---|"));
        md.append('\n');
        for (String contract : matrix.contracts()) {
            md.append("| ").append(contract).append(" |");
            for (BackendResult backend : matrix.backends()) {
                Cell c = backend.cell(contract);
                String label = c.state() == CellState.FAILED
                        ? "❌ [failed](#" + Matrix.anchor(backend.name(), contract) + ")"
                        : switch (c.state()) {
                            case PASSED -> "✅ passed";
                            case NOT_DECLARED -> "➖ not declared";
                            case KNOWN_DEVIATION -> "⚠️ known deviation";
                            default -> "⏭ skipped";
                        };
                md.append(' ').append(label);
                if (c.state() != CellState.PASSED && !c.note().isBlank()) {
                    md.append(" — ").append(cell(c.note()));
                }
                md.append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** Text in a table cell: no line break, no column separator, no markup. */
    private static String cell(String text) {
        return inline(text).replace("|", "\\|");
    }

    /** Text on one line with Markdown's and HTML's special characters made literal. */
    static String inline(String text) {
        // Markdown's characters first: the entities HTML escaping makes (&#39;) must stay whole
        return HtmlReport.escape(text.replaceAll("\\s*\\R\\s*", " ")
                .replaceAll("([\\\\`*_\\[\\]#])", "\\\\$1"));
    }

    /** A code block no line of the text can close. */
    private static String fenced(String text) {
        String fence = "````";
        while (text.contains(fence)) {
            fence += "`";
        }
        return fence + "\n" + text.strip() + "\n" + fence + "\n";
    }
}
