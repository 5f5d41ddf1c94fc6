package org.remotefs.core.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.host.StopFlag;
import org.remotefs.core.json.Json;

/** File locks between threads, between JVMs, and against a process that locks as tooz and oslo do. */
final class FileLockServiceTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path locks;

    private FileLockService service(StopSignal stop) {
        return new FileLockService(locks, stop, Json.mapper(), HostIdentity.current(),
                Clock.fixed(Instant.parse("2026-11-30T06:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void waitsForALockHeldByAPythonProcessAsToozAndOsloHoldIt() throws Exception {
        Path file = locks.resolve("cinder-localfs-v1");
        Path released = locks.resolve("released");
        Process python = new ProcessBuilder(List.of("python3", "-c",
                "import fcntl, sys, time\n"
                        + "f = open(sys.argv[1], 'a')\n"
                        + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                        + "print('locked', flush=True)\n"
                        + "time.sleep(1)\n"
                        + "open(sys.argv[2], 'w').close()\n"
                        + "fcntl.lockf(f, fcntl.LOCK_UN)\n"
                        + "time.sleep(1)\n",
                file.toString(), released.toString())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            try (VolumeLockService.Lease lease = service(StopSignal.never()).acquire("cinder-localfs-v1", "test", LONG)) {
                // python marks the file just before it unlocks: holding the lock means it did
                assertThat(released).as("the lock is ours only once python let it go").exists();
            }
        } finally {
            python.destroy();
        }
    }

    @Test
    void aTimeOutNamesTheHoldingProcessItsHostAndOperation() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldLockMain.class.getName(), locks.toString(),
                "cinder-localfs-v2", "delete_snapshot").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> service(StopSignal.never()).acquire("cinder-localfs-v2", "create_snapshot",
                    Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
                        assertThat(e.details()).containsEntry("lock", "cinder-localfs-v2")
                                .containsEntry("holder_pid", Long.toString(holder.pid()))
                                .containsEntry("holder_host", HostIdentity.current().host())
                                .containsEntry("holder_operation", "delete_snapshot")
                                .containsKey("holder_since");
                        assertThat(e.getMessage()).contains(Long.toString(holder.pid()));
                    });
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        // released: the record is cleared and the lock is free again
        assertThat(Files.size(locks.resolve("cinder-localfs-v2"))).isZero();
        try (VolumeLockService.Lease lease = service(StopSignal.never()).acquire("cinder-localfs-v2", "x", Duration.ZERO)) {
            assertThat(Files.readString(locks.resolve("cinder-localfs-v2"))).contains("\"operation\":\"x\"");
        }
    }

    @Test
    void aRecordOfAProcessThatEndedIsNotBelieved() throws Exception {
        Path file = locks.resolve("cinder-localfs-v3");
        Process python = new ProcessBuilder(List.of("python3", "-c",
                "import fcntl, sys, time\n"
                        + "f = open(sys.argv[1], 'w')\n"
                        + "f.write('{\"pid\":999999999,\"host\":\"%s\",\"operation\":\"old\",\"since\":\"2020-01-01T00:00:00Z\"}\\n')\n"
                        .formatted(HostIdentity.current().host())
                        + "f.flush()\n"
                        + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                        + "print('locked', flush=True)\n"
                        + "sys.stdin.read()\n",
                file.toString())).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> service(StopSignal.never()).acquire("cinder-localfs-v3", "y", Duration.ZERO))
                    .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_REQUEST);
                        assertThat(e.details()).doesNotContainKey("holder_pid");
                    });
        } finally {
            python.getOutputStream().close();
            python.waitFor();
        }
    }

    @Test
    void aStopEndsAWaitWithInterrupted() throws Exception {
        StopFlag stop = new StopFlag();
        FileLockService service = service(stop);
        try (VolumeLockService.Lease held = service.acquire("cinder-localfs-v4", "first", LONG)) {
            java.util.concurrent.CompletableFuture<Throwable> waiter = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (VolumeLockService.Lease second = service.acquire("cinder-localfs-v4", "second", LONG)) {
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            sleep(200);
            assertThat(waiter).as("waiting for the held lock").isNotDone();
            long started = System.nanoTime();
            stop.request("SIGTERM");
            Throwable failure = waiter.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(failure).isInstanceOfSatisfying(RemoteFsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
        }
        // a free lock is still taken after a stop: a roll-back may need it
        try (VolumeLockService.Lease again = service.acquire("cinder-localfs-v4", "rollback", LONG)) {
            assertThat(again.name()).isEqualTo("cinder-localfs-v4");
        }
    }

    @Test
    void threadsOfOneProcessTakeTurnsAndTheFileStays() throws Exception {
        FileLockService service = service(StopSignal.never());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    try (VolumeLockService.Lease lease = service.acquire("cinder-localfs-v5", "turn", LONG)) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(locks.resolve("cinder-localfs-v5")).exists();
    }

    @Test
    void theDefaultDirectoryIsPrivateAndAnotherUsersOrAWritableOneIsRefused() throws Exception {
        Path fresh = locks.resolve("state/remotefs/locks");
        assertThat(LockDirectory.preparePrivate(fresh, "opt")).isEqualTo(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");

        Path open = Files.createDirectory(locks.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> LockDirectory.preparePrivate(open, "remotefs.coordination.backend_url"))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.details()).containsEntry("option", "remotefs.coordination.backend_url");
                });
        Path link = Files.createSymbolicLink(locks.resolve("link"), fresh);
        assertThatThrownBy(() -> LockDirectory.preparePrivate(link, "opt"))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE));
        assertThat(LockDirectory.defaultFor(true, Path.of("/home/x"))).isEqualTo(Path.of("/var/lib/remotefs/locks"));
        assertThat(LockDirectory.defaultFor(false, Path.of("/home/x")))
                .isEqualTo(Path.of("/home/x/.local/state/remotefs/locks"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
