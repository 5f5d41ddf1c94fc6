package org.remotefs.core.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Where {@code check --repair} puts a file nothing references but that may hold data nobody else
 * has: a directory {@code .remotefs-quarantine} on the same share (a rename, never a copy, never a
 * delete). No volume listing looks into it — Cinder's and remotefs's scans read the share's top
 * directory only — and an operator decides what to do with what is in it.
 */
public final class Quarantine {
    /** The quarantine directory's name in a share's top directory. */
    public static final String DIRECTORY = ".remotefs-quarantine";

    private final Clock clock;

    public Quarantine(Clock clock) {
        this.clock = clock;
    }

    /**
     * Moves the file into the share's quarantine, under its name and the time it was moved (never
     * over another file).
     *
     * @return where it is now
     */
    public Path move(Path file) {
        Path directory = file.getParent().resolve(DIRECTORY);
        Path target = directory.resolve(file.getFileName() + "." + clock.millis());
        try {
            Files.createDirectories(directory);
            Files.move(file, target);
            return target;
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot move " + file + " to " + target + ": " + e,
                    Map.of("file", file.toString()), e);
        }
    }
}
