package org.remotefs.tck.report;

import java.io.StringWriter;
import java.util.Locale;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One backend's run as a Surefire-style JUnit XML file ({@code TEST-<backend>.xml}): a
 * {@code testsuite} with one {@code testcase} per contract test, a {@code failure} with message
 * and diagnostics for a failed one, {@code skipped} with the reason for a known deviation or a
 * skipped test. A checked refusal passes (its note in {@code system-out}).
 */
public final class JUnitXmlReport {

    public String render(BackendResult backend) {
        long failures = backend.tests().stream().filter(TestResult::failed).count();
        long errors = backend.setupError().isPresent() ? 1 : 0;
        long skipped = backend.tests().stream()
                .filter(t -> t.status().equals("skipped") || t.status().equals("known-deviation")).count();
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "remotefs-tck." + clean(backend.name()));
            xml.writeAttribute("tests", Long.toString(backend.tests().size() + errors));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", Long.toString(errors));
            xml.writeAttribute("skipped", Long.toString(skipped));
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", backend.seconds()));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            property(xml, "backend", backend.name());
            property(xml, "driver", backend.driver());
            property(xml, "capabilities", String.join(",", backend.capabilities()));
            xml.writeEndElement();
            backend.setupError().ifPresent(error -> testcase(xml, new TestResult("remotefs-tck.setup", "setup", "error",
                    error, error), "remotefs-tck.setup"));
            for (TestResult test : backend.tests()) {
                testcase(xml, test, "org.remotefs.tck.contract." + test.contract());
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML of " + backend.name(), e);
        }
        return text.toString() + "\n";
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", clean(value));
    }

    private static void testcase(XMLStreamWriter xml, TestResult test, String className) {
        String name = test.test();
        String status = test.status();
        String reason = test.reason();
        String diagnostics = test.diagnostics();
        try {
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", clean(className));
            xml.writeAttribute("name", clean(name));
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.3f", test.seconds()));
            switch (status) {
                case "failed", "error" -> {
                    xml.writeStartElement(status.equals("error") ? "error" : "failure");
                    xml.writeAttribute("message", clean(reason));
                    xml.writeAttribute("type", status.equals("error") ? "setup" : "contract");
                    xml.writeCharacters(clean(diagnostics));
                    xml.writeEndElement();
                }
                case "skipped" -> skipped(xml, reason);
                case "known-deviation" -> skipped(xml, "known deviation: " + reason);
                case "refused" -> {
                    xml.writeStartElement("system-out");
                    xml.writeCharacters(clean("not declared, refusal checked: " + reason));
                    xml.writeEndElement();
                }
                default -> {
                }
            }
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the test case " + name, e);
        }
    }

    private static void skipped(XMLStreamWriter xml, String message) throws XMLStreamException {
        xml.writeEmptyElement("skipped");
        xml.writeAttribute("message", clean(message));
    }

    /** XML 1.0 cannot carry most control characters, even escaped: they become U+FFFD. */
    static String clean(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> clean.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : 0xFFFD));
        return clean.toString();
    }
}
