package org.remotefs.core.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

final class LocalVolumeLocksTest {
    private final LocalVolumeLocks locks = new LocalVolumeLocks();

    @Test
    void oneNameIsHeldByOneThreadAtATime() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> {
                    for (int j = 0; j < 200; j++) {
                        try (VolumeLocks.Held held = locks.lock("cinder-localfs-v1")) {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.yield();
                            inside.decrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).isEqualTo(1);
        assertThat(locks.size()).isZero();
    }

    @Test
    void differentNamesDoNotWaitForEachOther() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        try (VolumeLocks.Held first = locks.lock("cinder-localfs-a")) {
            Thread other = new Thread(() -> {
                try (VolumeLocks.Held second = locks.lock("cinder-localfs-b")) {
                    held.countDown();
                }
            });
            other.start();
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            other.join();
        }
    }
}
