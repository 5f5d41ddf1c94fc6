package org.remotefs.core.lock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Who holds a file lock, as its holder wrote it into the lock file: one JSON line. tooz and
 * oslo.concurrency only lock the file and never read it, so the record costs them nothing; a file
 * a Python holder locked keeps whatever the last remotefs holder left, which is why a record is
 * only believed while its process still runs on this host.
 *
 * @param pid       the holding process
 * @param host      the host it runs on
 * @param operation what it took the lock for
 * @param since     when it took it
 */
public record LockHolder(long pid, String host, String operation, Instant since) {

    String toJson(ObjectMapper mapper) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pid", pid);
        fields.put("host", host);
        fields.put("operation", operation);
        fields.put("since", since.toString());
        try {
            // one line, whatever the mapper's indentation
            return mapper.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(fields) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record in a lock file's text, or empty when there is none (or it is not ours). */
    static Optional<LockHolder> parse(String text, ObjectMapper mapper) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = mapper.readTree(text.strip());
            if (node == null || !node.has("pid") || !node.has("host") || !node.has("since")) {
                return Optional.empty();
            }
            return Optional.of(new LockHolder(node.get("pid").asLong(), node.get("host").asText(),
                    node.path("operation").asText("unknown"), Instant.parse(node.get("since").asText())));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The holder as a message shows it. */
    String describe() {
        return "process " + pid + " on host " + host + " (" + operation + ", since " + since + ")";
    }
}
