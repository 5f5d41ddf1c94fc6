package org.remotefs.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints results in the format asked for ({@code -f}), keeping only the columns asked for
 * ({@code -c}), as the {@code openstack} client does. Records become maps before they get here,
 * with Cinder's snake_case keys, so every form shows the same fields: JSON and YAML keep nested
 * fields; table, value and CSV show them flat, with nested keys dotted.
 */
final class Output {
    private final PrintStream stdout;
    private final OutputFormat format;
    private final List<String> columns;
    private final Supplier<ObjectMapper> jsonWriter;
    private final Supplier<ObjectMapper> yamlWriter;
    /** Made when first used: setting Jackson up was a good part of a table command's start-up. */
    private ObjectMapper json;
    private ObjectMapper yaml;

    /**
     * @param columns the columns asked for, in the order given; empty for the command's own
     * @param json    makes the JSON writer, called at most once, when JSON is first written
     * @param yaml    makes the YAML writer (Jackson's YAML factory), used only with {@code -f yaml}
     */
    Output(PrintStream stdout, OutputFormat format, List<String> columns, Supplier<ObjectMapper> json,
            Supplier<ObjectMapper> yaml) {
        this.stdout = stdout;
        this.format = format;
        this.columns = List.copyOf(columns);
        this.jsonWriter = json;
        this.yamlWriter = yaml;
    }

    OutputFormat format() {
        return format;
    }

    /** One object: a document, or its fields as a two-column table, bare values or CSV. */
    void object(Map<String, ?> object) {
        if (format.document()) {
            document(selectTop(object, true));
            return;
        }
        Map<String, Object> flat = selectFlat(object);
        switch (format) {
            case VALUE -> flat.values().forEach(value -> stdout.println(text(value)));
            case CSV -> {
                stdout.println(csvLine(List.of("Field", "Value")));
                flat.forEach((key, value) -> stdout.println(csvLine(java.util.Arrays.asList(key, value))));
            }
            default -> {
                int width = flat.keySet().stream().mapToInt(String::length).max().orElse(0);
                flat.forEach((key, value) -> stdout.println(pad(key, width) + "  " + cell(value)));
            }
        }
    }

    /** Rows: a list document, or a table, lines of values or CSV with the given (or chosen) columns. */
    void rows(List<? extends Map<String, ?>> rows, List<String> defaultColumns) {
        if (format.document()) {
            if (!columns.isEmpty()) {
                checkedColumns(rows, List.of());
            }
            document(columns.isEmpty() ? rows : rows.stream().map(row -> selectTop(row, false)).toList());
            return;
        }
        List<String> shown = columns.isEmpty() ? defaultColumns : checkedColumns(rows, defaultColumns);
        List<List<Object>> values = rows.stream()
                .map(row -> shown.stream().map(c -> (Object) row.get(c)).toList()).toList();
        switch (format) {
            case VALUE -> values.forEach(row -> stdout.println(String.join(" ", row.stream().map(Output::text).toList())));
            case CSV -> {
                stdout.println(csvLine(shown));
                values.forEach(row -> stdout.println(csvLine(row)));
            }
            default -> table(shown, values);
        }
    }

    /** A line for people; nothing in the other forms, where the output says it. */
    void message(String text) {
        if (format.forPeople()) {
            stdout.println(text);
        }
    }

    String toJson(Object value) {
        try {
            if (json == null) {
                json = jsonWriter.get();
            }
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private void document(Object value) {
        if (format == OutputFormat.YAML) {
            try {
                if (yaml == null) {
                    yaml = yamlWriter.get();
                }
                stdout.print(yaml.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write YAML: " + e.getMessage(), e);
            }
        } else {
            stdout.println(toJson(value));
        }
    }

    private void table(List<String> shown, List<List<Object>> values) {
        if (values.isEmpty()) {
            stdout.println("(none)");
            return;
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(shown.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
        values.forEach(row -> cells.add(row.stream().map(Output::cell).toList()));
        int[] widths = new int[shown.size()];
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

    /**
     * The object's top-level fields asked for (all without {@code -c}); a dotted name picks a nested
     * field. Strict for one object (a name it lacks is refused); for a row of a list, a field it
     * lacks is null, as another row may have it.
     */
    private Map<String, Object> selectTop(Map<String, ?> object, boolean strict) {
        Map<String, Object> selected = new LinkedHashMap<>();
        if (columns.isEmpty()) {
            selected.putAll(object);
            return selected;
        }
        Map<String, Object> flat = flat(object);
        for (String column : columns) {
            if (object.containsKey(column)) {
                selected.put(column, object.get(column));
            } else if (flat.containsKey(column)) {
                selected.put(column, flat.get(column));
            } else if (flat.keySet().stream().noneMatch(key -> key.startsWith(column + "."))) {
                if (strict) {
                    throw unknown(column, object.keySet());
                }
                selected.put(column, null);
            }
        }
        return selected;
    }

    /** The object's flat fields asked for: a column names a field, or a nested object and so all its fields. */
    private Map<String, Object> selectFlat(Map<String, ?> object) {
        Map<String, Object> flat = flat(object);
        if (columns.isEmpty()) {
            return flat;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        for (String column : columns) {
            int before = selected.size();
            flat.forEach((key, value) -> {
                if (key.equals(column) || key.startsWith(column + ".")) {
                    selected.put(key, value);
                }
            });
            if (selected.size() == before && !flat.containsKey(column)) {
                throw unknown(column, flat.keySet());
            }
        }
        return selected;
    }

    /** The columns asked for, each a field of some row or a column the command shows by default. */
    private List<String> checkedColumns(List<? extends Map<String, ?>> rows, List<String> defaultColumns) {
        Set<String> known = new LinkedHashSet<>(defaultColumns);
        rows.forEach(row -> known.addAll(row.keySet()));
        for (String column : columns) {
            // with no row, only the default columns are known; the others cannot be refused for sure
            if (!known.contains(column) && !rows.isEmpty()) {
                throw unknown(column, known);
            }
        }
        return columns;
    }

    private static RemoteFsException unknown(String column, Set<String> known) {
        return new RemoteFsException(ErrorCode.INVALID_INPUT, "no column '" + column + "' here; the columns are: "
                + String.join(", ", known), Map.of("option", "--column", "column", column));
    }

    private static Map<String, Object> flat(Map<String, ?> object) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", object, flat);
        return flat;
    }

    /** Nested objects become dotted keys; a list of objects, one key per element and field ({@code pools.0.name}). */
    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, ?> map, Map<String, Object> into) {
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(name, (Map<String, ?>) nested, into);
            } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance)) {
                for (int i = 0; i < list.size(); i++) {
                    flatten(name + "." + i, (Map<String, ?>) list.get(i), into);
                }
            } else {
                into.put(name, value);
            }
        });
    }

    /** A table cell: "-" for nothing. */
    private static String cell(Object value) {
        return value == null || value instanceof List<?> list && list.isEmpty() ? "-" : text(value);
    }

    /** A value as text: a list comma-joined, nothing as the empty string, no tab or line break. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "" : String.join(",", list.stream().map(Output::text).toList());
        }
        // a tab or newline in a value (a share address as the shares file had it) would break the line
        return value.toString().replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** One CSV line: numbers and booleans bare, everything else quoted with inner quotes doubled. */
    private static String csvLine(List<?> values) {
        List<String> fields = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof Number || value instanceof Boolean) {
                fields.add(value.toString());
            } else {
                fields.add("\"" + text(value).replace("\"", "\"\"") + "\"");
            }
        }
        return String.join(",", fields);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
