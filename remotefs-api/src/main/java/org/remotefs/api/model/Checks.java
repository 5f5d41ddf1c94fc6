package org.remotefs.api.model;

import java.util.Map;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** Validation shared by the model records' compact constructors. */
final class Checks {
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** A file name on a share: no separators, no parent references, no hidden files, printable. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:+-]*");

    private Checks() {
    }

    /**
     * A UUID in its canonical lower-case form: UUIDs are case-insensitive, file names are not,
     * and Cinder names files by the lower-case form.
     */
    static String uuid(String what, String value) {
        if (value == null || !UUID.matcher(value).matches()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    what + " '" + value + "' is not a UUID", Map.of(what.replace(' ', '_'), String.valueOf(value)));
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    static String fileName(String what, String value) {
        if (value == null || !FILE_NAME.matcher(value).matches() || value.contains("..")) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    what + " '" + value + "' is not a plain file name", Map.of(what.replace(' ', '_'), String.valueOf(value)));
        }
        return value;
    }

    static String notBlank(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, what + " is missing", Map.of("field", what));
        }
        return value;
    }

    static <T> T notNull(String what, T value) {
        if (value == null) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, what + " is missing", Map.of("field", what));
        }
        return value;
    }

    static <K, V> Map<K, V> copy(Map<K, V> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
