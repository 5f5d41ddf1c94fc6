package org.remotefs.tck;

import java.util.Map;
import java.util.TreeMap;

/**
 * What CPython's {@code json.dumps(info, indent=1, sort_keys=True)} writes: Cinder's info-file
 * bytes. The TCK's own rendering, independent of the code under test.
 */
public final class CinderJson {
    private CinderJson() {
    }

    public static String infoFile(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "{}";
        }
        StringBuilder out = new StringBuilder("{");
        String separator = "\n ";
        for (Map.Entry<String, String> entry : new TreeMap<>(entries).entrySet()) {
            out.append(separator).append(quote(entry.getKey())).append(": ").append(quote(entry.getValue()));
            separator = ",\n ";
        }
        return out.append("\n}").toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\b') {
                out.append("\\b");
            } else if (c == '\f') {
                out.append("\\f");
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
