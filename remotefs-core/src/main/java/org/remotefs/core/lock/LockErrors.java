package org.remotefs.core.lock;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** The errors of the lock services, with the lock's name in their details. */
final class LockErrors {
    private LockErrors() {
    }

    static RemoteFsException timedOut(String name, Duration timeout, String holder) {
        return timedOut(name, timeout, holder, Optional.empty());
    }

    static RemoteFsException timedOut(String name, Duration timeout, String holder, Optional<LockHolder> record) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("lock", name);
        details.put("lock_timeout", Long.toString(timeout.toSeconds()));
        details.put("holder", holder);
        record.ifPresent(r -> {
            details.put("holder_pid", Long.toString(r.pid()));
            details.put("holder_host", r.host());
            details.put("holder_operation", r.operation());
            details.put("holder_since", r.since().toString());
        });
        return new RemoteFsException(ErrorCode.CONCURRENT_REQUEST,
                "lock " + name + " is held by " + holder + "; gave up after " + timeout.toSeconds()
                        + " s (lock_timeout)", details);
    }

    static RemoteFsException interrupted(String name) {
        return new RemoteFsException(ErrorCode.INTERRUPTED,
                "stopped while waiting for lock " + name, Map.of("lock", name));
    }
}
