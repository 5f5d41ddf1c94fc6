package org.remotefs.core.compute;

import org.remotefs.core.ForBackends;

import java.time.Duration;

/** Sleeps; injectable so that waits can be tested on a fake clock. */
@FunctionalInterface
@ForBackends
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
