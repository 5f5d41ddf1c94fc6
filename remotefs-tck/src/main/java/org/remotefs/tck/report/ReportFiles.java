package org.remotefs.tck.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the report of a matrix into a directory: {@code index.html}, {@code report.md} and one
 * {@code TEST-<backend>.xml} per backend.
 */
public final class ReportFiles {
    public static final String HTML = "index.html";
    public static final String MARKDOWN = "report.md";

    /** The JUnit XML file's name of a backend (its name made safe as a file name). */
    public static String junitFile(String backend) {
        return "TEST-" + safeName(backend) + ".xml";
    }

    /** A backend's name as a file name: what is not a letter, digit, dot, dash or underscore becomes {@code _}. */
    public static String safeName(String backend) {
        String safe = backend.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    /** @return the files written */
    public List<Path> write(Path directory, Matrix matrix) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            written.add(Files.writeString(directory.resolve(HTML), new HtmlReport().render(matrix), StandardCharsets.UTF_8));
            written.add(Files.writeString(directory.resolve(MARKDOWN), new MarkdownReport().render(matrix),
                    StandardCharsets.UTF_8));
            for (BackendResult backend : matrix.backends()) {
                written.add(Files.writeString(directory.resolve(junitFile(backend.name())),
                        new JUnitXmlReport().render(backend), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report in " + directory, e);
        }
        return written;
    }
}
