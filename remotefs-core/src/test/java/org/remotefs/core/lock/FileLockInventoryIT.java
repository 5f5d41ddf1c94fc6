package org.remotefs.core.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.json.Json;

/**
 * {@link FileLockService#locks()}: held locks of the directory with their holders, read from the
 * kernel's lock table, whoever holds them — this service (its record), another process that writes
 * no record (Python's {@code fcntl.lockf}, as tooz's file driver takes it) — and nothing once released.
 */
final class FileLockInventoryIT {
    private static final Instant NOW = Instant.parse("2025-05-01T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void heldLocksAreListedWithTheirHoldersAndReleasedOnesAreNot() throws Exception {
        HostIdentity self = HostIdentity.current();
        FileLockService locks = new FileLockService(directory, StopSignal.never(), Json.mapper(), self,
                Clock.fixed(NOW, ZoneOffset.UTC));
        String ours = "cinder-localfs-11111111-1111-4111-8111-111111111111";
        String python = "cinder-localfs-22222222-2222-4222-8222-222222222222";
        locks.acquire("cinder-localfs-33333333-3333-4333-8333-333333333333", "create_volume", Duration.ZERO).close();

        Process holder = new ProcessBuilder("/usr/bin/python3", "-c", """
                import fcntl, sys
                f = open(sys.argv[1], 'a')
                fcntl.lockf(f, fcntl.LOCK_EX)
                print('locked', flush=True)
                sys.stdin.read()
                """, directory.resolve(python).toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (VolumeLockService.Lease lease = locks.acquire(ours, "create_snapshot", Duration.ZERO);
             BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");

            List<LockEntry> entries = locks.locks();

            assertThat(entries).containsExactly(
                    new LockEntry(ours, LockEntry.State.HELD, null, self.host(), self.pid(), "create_snapshot", NOW,
                            directory.resolve(ours).toString()),
                    new LockEntry(python, LockEntry.State.HELD, null, self.host(), holder.pid(), null, null,
                            directory.resolve(python).toString()));
            // listing changed nothing: the lease is still ours, Python's lock still Python's
            assertThat(locks.locks()).hasSize(2);
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor()).isZero();
        }
        assertThat(locks.locks()).isEmpty();
        assertThat(locks.location()).isEqualTo(directory.toString());
    }
}
