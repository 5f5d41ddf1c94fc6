package org.remotefs.core.lock;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.json.Json;

/**
 * A second process for the lock tests: takes {@code args[1]} in directory {@code args[0]} for the
 * operation {@code args[2]}, prints "locked", and holds it until its standard input closes.
 */
public final class HoldLockMain {
    private HoldLockMain() {
    }

    public static void main(String[] args) throws Exception {
        FileLockService locks = new FileLockService(Path.of(args[0]), StopSignal.never(), Json.mapper(),
                HostIdentity.current(), Clock.systemUTC());
        try (VolumeLockService.Lease lease = locks.acquire(args[1], args[2], Duration.ofSeconds(30))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our input
            }
        }
    }
}
