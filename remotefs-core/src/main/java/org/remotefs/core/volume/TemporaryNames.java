package org.remotefs.core.volume;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The names of files an operation writes before they are complete: {@code <final name>.tmp-<purpose>-<random>}
 * in the same directory, renamed to the final name only when complete and checked. The {@code .tmp-}
 * marks them as never a volume, never listed, never looked up, and removable once no operation
 * holds the volume's lock. One name is not temporary although it carries the mark: a clone's
 * temporary snapshot overlay {@code volume-<id>.tmp-snap-<uuid>}, which is a snapshot of the
 * volume recorded in its info file (Cinder's own name for it).
 */
public final class TemporaryNames {
    public static final String MARK = ".tmp-";
    private static final Pattern CLONE_SNAPSHOT = Pattern.compile(
            // a clone's snapshot overlay: volume-<id>.tmp-snap-<id>, with the base's extension where
            // the backend names files by format (volume-<id>.tmp-snap-<id>.qcow2)
            ".*\\.tmp-snap-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\\.[a-z0-9]+)?");

    private TemporaryNames() {
    }

    /** A fresh temporary name for {@code finalName}, e.g. {@code volume-<id>.tmp-create-<uuid>}. */
    public static String of(String finalName, String purpose) {
        if (purpose.startsWith("snap")) {
            throw new IllegalArgumentException("'" + purpose + "' would read as a clone's snapshot");
        }
        return finalName + MARK + purpose + "-" + UUID.randomUUID();
    }

    /** Whether a file name is a temporary one. */
    public static boolean isTemporary(String fileName) {
        return fileName.contains(MARK) && !CLONE_SNAPSHOT.matcher(fileName).matches();
    }
}
