package org.remotefs.core.config;

import java.util.Objects;

import org.remotefs.api.ErrorCode;

/**
 * A problem found in a configuration file that does not stop the backend: the line is skipped or
 * read the way Cinder reads it, and the operator is told where.
 *
 * @param code    the error code the problem would have as an error
 * @param file    the file
 * @param line    the 1-based line number
 * @param message what is wrong and what is done about it
 */
public record ConfigProblem(ErrorCode code, String file, int line, String message) {

    public ConfigProblem {
        Objects.requireNonNull(code, "code is null");
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + message + " [" + code.name() + "]";
    }
}
