package org.remotefs.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.remotefs.api.spi.ProgressEvent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes progress as one JSON object per line, for programs reading stderr:
 * {@code {"progress":{"operation":"create_cloned_volume","volume":"<id>","percent":45}}}, with
 * {@code bytes} (of the current step) and {@code rate} (bytes per second) when they are known.
 */
final class ProgressJsonLines implements ProgressDisplay.ProgressRenderer {
    private final PrintStream stderr;
    private final ObjectWriter json;

    ProgressJsonLines(PrintStream stderr, ObjectMapper json) {
        this.stderr = stderr;
        // one line each, whatever the mapper's indentation for documents
        this.json = json.writer().without(SerializationFeature.INDENT_OUTPUT);
    }

    @Override
    public void show(ProgressEvent event, double bytesPerSecond) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("operation", event.operation());
        progress.put("volume", event.volumeId());
        progress.put("percent", event.percent());
        if (event.bytesDone() >= 0) {
            progress.put("bytes", event.bytesDone());
        }
        if (bytesPerSecond >= 0) {
            progress.put("rate", Math.round(bytesPerSecond));
        }
        try {
            stderr.println(json.writeValueAsString(Map.of("progress", progress)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void end() {
        // every line is complete as written
    }
}
