package org.remotefs.cli.cinderconf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Reads INI text by oslo.config's rules ({@code oslo_config/iniparser.py}), so that a
 * {@code cinder.conf} means here what it means to Cinder: a line starting with {@code #} or
 * {@code ;} is a comment (there are no comments after a value); {@code key = value} or
 * {@code key: value}, whichever separator comes first; one pair of matching quotes around a whole
 * value is removed; a line starting with a space or tab continues the value above (joined with a
 * newline); a blank line ends a value; a key given again adds a value.
 */
public final class IniParser {
    /**
     * @param source the file's name, for messages
     * @param text   its content
     * @throws RemoteFsException {@link ErrorCode#INVALID_CONFIGURATION_VALUE} naming the file and
     *                           line of what oslo.config would refuse too
     */
    public IniDocument parse(String source, String text) {
        Map<String, Map<String, IniEntry>> sections = new LinkedHashMap<>();
        Map<String, IniEntry> section = null;
        String key = null;
        List<String> value = new ArrayList<>();
        int keyLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].stripTrailing();
            if (line.isEmpty()) {
                if (key != null) {
                    add(section, key, value, keyLine);
                    key = null;
                }
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (key == null) {
                    throw error(source, number, "an indented line continues no value above it", line);
                }
                value.add(line.strip());
                continue;
            }
            if (key != null) {
                add(section, key, value, keyLine);
                key = null;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw error(source, number, "a section header without its closing ']'", line);
                }
                if (line.length() <= 2) {
                    throw error(source, number, "a section header without a name", line);
                }
                section = sections.computeIfAbsent(IniDocument.normalise(line.substring(1, line.length() - 1)),
                        name -> new LinkedHashMap<>());
            } else if (!line.startsWith("#") && !line.startsWith(";")) {
                int colon = line.indexOf(':');
                int equal = line.indexOf('=');
                if (colon < 0 && equal < 0) {
                    throw error(source, number, "neither 'key = value' nor a section header nor a comment", line);
                }
                int at = colon < 0 || (equal >= 0 && equal < colon) ? equal : colon;
                key = line.substring(0, at).strip();
                if (key.isEmpty()) {
                    throw error(source, number, "a value without a key", line);
                }
                if (section == null) {
                    throw error(source, number, "a value before the first section header", line);
                }
                value = new ArrayList<>();
                value.add(unquote(line.substring(at + 1).strip()));
                keyLine = number;
            }
        }
        if (key != null) {
            add(section, key, value, keyLine);
        }
        return new IniDocument(source, sections);
    }

    private static void add(Map<String, IniEntry> section, String key, List<String> value, int line) {
        IniEntry before = section.get(key);
        List<String> values = new ArrayList<>(before == null ? List.of() : before.values());
        values.add(String.join("\n", value));
        section.put(key, new IniEntry(key, values, line));
    }

    /** oslo.config removes one pair of matching quotes around the whole value. */
    private static String unquote(String value) {
        if (!value.isEmpty() && (value.startsWith("\"") || value.startsWith("'"))
                && value.charAt(0) == value.charAt(value.length() - 1)) {
            // as Python's value[1:-1]: a lone quote becomes the empty string
            return value.length() == 1 ? "" : value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static RemoteFsException error(String source, int line, String what, String text) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, source + ", line " + line + ": " + what
                + ": " + text, Map.of("file", source, "line", Integer.toString(line)));
    }
}
