package org.remotefs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints results: one JSON document, or aligned text. Records become maps before they get here,
 * with Cinder's snake_case keys, so both forms show the same fields.
 */
final class Output {
    private final PrintStream stdout;
    private final OutputFormat format;
    private final ObjectMapper mapper;

    Output(PrintStream stdout, OutputFormat format, ObjectMapper mapper) {
        this.stdout = stdout;
        this.format = format;
        this.mapper = mapper;
    }

    OutputFormat format() {
        return format;
    }

    /** One object: JSON, or a two-column key/value table with nested keys dotted. */
    void object(Map<String, ?> object) {
        if (format == OutputFormat.JSON) {
            json(object);
            return;
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", object, flat);
        int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
        flat.forEach((key, value) -> stdout.println(pad(key, width) + "  " + value));
    }

    /** Rows: a JSON array, or a table with the given columns. */
    void rows(List<? extends Map<String, ?>> rows, List<String> columns) {
        if (format == OutputFormat.JSON) {
            json(rows);
            return;
        }
        if (rows.isEmpty()) {
            stdout.println("(none)");
            return;
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(columns.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList());
        for (Map<String, ?> row : rows) {
            cells.add(columns.stream().map(c -> text(row.get(c))).toList());
        }
        int[] widths = new int[columns.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(i == widths.length - 1 ? line.get(i) : pad(line.get(i), widths[i]) + "  ");
            }
            stdout.println(text.toString().stripTrailing());
        }
    }

    /** A line for people; nothing in JSON mode, where the document says it. */
    void message(String text) {
        if (format == OutputFormat.TABLE) {
            stdout.println(text);
        }
    }

    String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private void json(Object value) {
        stdout.println(toJson(value));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, ?> map, Map<String, String> into) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(name, (Map<String, ?>) nested, into);
            } else {
                into.put(name, text(value));
            }
        });
    }

    private static String text(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "-" : String.join(",", list.stream().map(Output::text).toList());
        }
        // a tab or newline in a value (a share address as the shares file had it) would break the table
        return value.toString().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
