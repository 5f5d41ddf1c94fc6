package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The output's Jackson writers are made only when a document is written, and once. */
final class OutputTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final AtomicInteger jsonWriters = new AtomicInteger();
    private final AtomicInteger yamlWriters = new AtomicInteger();
    private final Supplier<ObjectMapper> json = () -> {
        jsonWriters.incrementAndGet();
        return Json.mapper();
    };
    private final Supplier<ObjectMapper> yaml = () -> {
        yamlWriters.incrementAndGet();
        return new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    };

    private Output output(OutputFormat format) {
        return new Output(new PrintStream(out, true, StandardCharsets.UTF_8), format, List.of(), json, yaml);
    }

    @Test
    void aTableIsWrittenWithoutAnyJacksonWriter() {
        Output table = output(OutputFormat.TABLE);

        table.object(Map.of("id", "v1", "size", 1));
        table.rows(List.of(Map.of("id", "v1")), List.of("id"));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("v1");
        assertThat(jsonWriters).hasValue(0);
        assertThat(yamlWriters).hasValue(0);
    }

    @Test
    void theJsonWriterIsMadeOnceForAllDocuments() throws Exception {
        Output document = output(OutputFormat.JSON);

        document.object(Map.of("id", "v1"));
        document.object(Map.of("id", "v2"));

        assertThat(jsonWriters).hasValue(1);
        assertThat(yamlWriters).hasValue(0);
        assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).split("\n}\n")[0] + "\n}")
                .path("id").asText()).isEqualTo("v1");
    }

    @Test
    void yamlIsWrittenWithTheYamlWriterOnly() {
        Output document = output(OutputFormat.YAML);

        document.object(Map.of("id", "v1"));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("id:", "v1");
        assertThat(yamlWriters).hasValue(1);
        assertThat(jsonWriters).hasValue(0);
    }
}
