package org.remotefs.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The one exception type of remotefs. It carries a stable {@link ErrorCode} and a map of the
 * things the message names (volume id, option key, file and line, ...), so callers branch on the
 * code and tools read the details without parsing the message.
 */
public class RemoteFsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Map<String, String> details;

    public RemoteFsException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public RemoteFsException(ErrorCode code, String message, Throwable cause) {
        this(code, message, Map.of(), cause);
    }

    public RemoteFsException(ErrorCode code, String message, Map<String, String> details) {
        this(code, message, details, null);
    }

    public RemoteFsException(ErrorCode code, String message, Map<String, String> details, Throwable cause) {
        super(Objects.requireNonNull(message, "message is null"), cause);
        this.code = Objects.requireNonNull(code, "code is null");
        this.details = Map.copyOf(new LinkedHashMap<>(Objects.requireNonNull(details, "details is null")));
    }

    public ErrorCode code() {
        return code;
    }

    /** What the message names, by key ({@code volume_id}, {@code option}, {@code file}, ...). */
    public Map<String, String> details() {
        return details;
    }

    /** The unsupported-operation error every optional {@link VolumeDriver} method throws by default. */
    public static RemoteFsException unsupported(String driverId, String operation) {
        return new RemoteFsException(ErrorCode.UNSUPPORTED,
                "driver '" + driverId + "' does not support " + operation,
                Map.of("driver", driverId, "operation", operation));
    }
}
