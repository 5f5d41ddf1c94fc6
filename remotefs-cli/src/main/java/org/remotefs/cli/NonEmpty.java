package org.remotefs.cli;

import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Refuses an empty or blank name where one is needed ({@code --image ''}): passed on, it would
 * mean "the directory itself" or "no name" to whatever reads it, which is never what was meant.
 */
final class NonEmpty {
    private NonEmpty() {
    }

    /** The value, or {@link ErrorCode#INVALID_INPUT} naming the option when it is empty or blank. */
    static String check(String option, String value) {
        if (value != null && value.isBlank()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, option + " is empty; give a name",
                    Map.of("option", option));
        }
        return value;
    }
}
