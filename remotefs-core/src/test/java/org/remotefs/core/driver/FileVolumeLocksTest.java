package org.remotefs.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File locks against another process that locks as oslo.concurrency does ({@code fcntl.lockf}). */
final class FileVolumeLocksTest {
    @TempDir
    Path locks;

    @Test
    void waitsForALockHeldByAPythonProcessAsOsloHoldsIt() throws Exception {
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
            try (VolumeLocks.Held held = new FileVolumeLocks(locks).lock("cinder-localfs-v1")) {
                // python marks the file just before it unlocks: holding the lock means it did
                assertThat(released).as("the lock is ours only once python let it go").exists();
            }
        } finally {
            python.destroy();
        }
    }

    @Test
    void threadsOfOneProcessTakeTurnsAndTheFileStays() throws Exception {
        FileVolumeLocks fileLocks = new FileVolumeLocks(locks);
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    try (VolumeLocks.Held held = fileLocks.lock("cinder-localfs-v2")) {
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
        assertThat(locks.resolve("cinder-localfs-v2")).exists();
    }
}
