package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** A call that blocks on a latch stands in for a file-system call on a share whose server stopped. */
final class ShareCallsTest {
    // long enough that a loaded machine's pauses stay well inside it: a fail-fast call is checked
    // against it (300 ms was near what a GC pause and two busy cores can take)
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final Path HUNG = Path.of("/mnt/hung");
    private static final Path HEALTHY = Path.of("/mnt/healthy");

    private final CountDownLatch server = new CountDownLatch(1);
    private final ShareCalls calls = new ShareCalls(DEADLINE);

    @AfterEach
    void resume() {
        server.countDown();
    }

    @Test
    void aCallThatDoesNotReturnInTimeFailsNamingItsShare() {
        calls.register("host:/hung", HUNG);
        long started = System.nanoTime();

        assertThatThrownBy(() -> calls.call(HUNG.resolve("volume-1"), this::blocked))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE);
                    assertThat(e.details()).containsEntry("share", "host:/hung")
                            .containsEntry("mount_point", HUNG.toString());
                });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(DEADLINE, DEADLINE.multipliedBy(5));
    }

    @Test
    void aShareIsHungWhileACallOnAnyOfItsMountPointsIsStuckAndServesAgainWhenItReturns() throws Exception {
        Path linked = Path.of("/mnt/linked");
        Path real = Path.of("/srv/real");
        calls.register("host:/hung", linked);
        calls.register("host:/hung", real); // a share linked in: its resolved path too, as a walk registers it
        calls.register("host:/healthy", HEALTHY);
        assertThat(calls.hung(linked)).isFalse();

        assertThatThrownBy(() -> calls.call(real.resolve("volume-1"), this::blocked))
                .isInstanceOf(RemoteFsException.class);

        assertThat(calls.hung(linked)).as("stuck on the resolved path, asked by the configured one").isTrue();
        assertThat(calls.hung(linked.resolve("volume-1"))).isTrue();
        assertThat(calls.hung(HEALTHY)).isFalse();
        assertThat(calls.hung(Path.of("/tmp/elsewhere"))).as("on no share").isFalse();
        server.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (calls.hung(linked) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(calls.hung(linked)).as("the stuck call returned").isFalse();
    }

    @Test
    void whileACallIsStuckItsShareFailsFastWithoutANewThreadAndOtherSharesServe() throws Exception {
        calls.register("host:/hung", HUNG);
        calls.register("host:/healthy", HEALTHY);
        assertThatThrownBy(() -> calls.call(HUNG, this::blocked)).isInstanceOf(RemoteFsException.class);
        int threads = workers();
        AtomicInteger started = new AtomicInteger();

        for (int i = 0; i < 50; i++) {
            long before = System.nanoTime();
            assertThatThrownBy(() -> calls.call(HUNG.resolve("x"), () -> started.incrementAndGet()))
                    .isInstanceOfSatisfying(RemoteFsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(DEADLINE);
        }

        assertThat(started).hasValue(0);
        assertThat(workers()).isLessThanOrEqualTo(threads);
        assertThat(calls.call(HEALTHY.resolve("volume-2"), () -> "served")).isEqualTo("served");
    }

    @Test
    void theShareServesAgainOnceTheStuckCallReturns() throws Exception {
        calls.register("host:/hung", HUNG);
        assertThatThrownBy(() -> calls.call(HUNG, this::blocked)).isInstanceOf(RemoteFsException.class);

        server.countDown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String answer = null;
        while (answer == null && System.nanoTime() < deadline) {
            try {
                answer = calls.call(HUNG, () -> "answered");
            } catch (RemoteFsException e) {
                Thread.sleep(10);
            }
        }
        assertThat(answer).isEqualTo("answered");
    }

    @Test
    void errorsOfTheCallAreThrownAsTheyAre() {
        calls.register("host:/share", HEALTHY);

        assertThatThrownBy(() -> calls.call(HEALTHY.resolve("gone"), () -> {
            throw new NoSuchFileException("gone");
        })).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> calls.call(HEALTHY, () -> {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME, "corrupt", java.util.Map.of());
        })).isInstanceOfSatisfying(RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME));
    }

    @Test
    void aPathOnNoShareAndACallInsideACallRunOnTheCallersThread() throws Exception {
        calls.register("host:/share", HEALTHY);
        Thread caller = Thread.currentThread();

        assertThat(calls.call(Path.of("/tmp/conversion"), Thread::currentThread)).isSameAs(caller);
        Thread outer = calls.call(HEALTHY, () -> {
            Thread inner = calls.call(HEALTHY.resolve("f"), Thread::currentThread);
            assertThat(inner).isSameAs(Thread.currentThread());
            return inner;
        });
        assertThat(outer).isNotSameAs(caller);
        assertThat(outer.isDaemon()).isTrue();
    }

    @Test
    void theLongestMountPointHoldingThePathNamesTheShare() {
        calls.register("host:/outer", Path.of("/mnt"));
        calls.register("host:/hung", HUNG);

        assertThatThrownBy(() -> calls.call(HUNG.resolve("a/b"), this::blocked))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.details()).containsEntry("share", "host:/hung"));
    }

    @Test
    void noCommandStartsOnAFileOfAHungShareButTheMountPointItselfAndOtherSharesAreServed() {
        calls.register("host:/hung", HUNG);
        calls.register("host:/healthy", HEALTHY);
        assertThatThrownBy(() -> calls.call(HUNG, this::blocked)).isInstanceOf(RemoteFsException.class);
        java.util.List<java.util.List<String>> started = new java.util.ArrayList<>();
        ShareAwareCommandRunner runner = new ShareAwareCommandRunner(command -> {
            started.add(command.arguments());
            return new org.remotefs.core.exec.CommandResult(command.arguments(), 0, "", "");
        }, calls);

        assertThatThrownBy(() -> runner.run(org.remotefs.core.exec.Command.of("qemu-img", "info",
                HUNG.resolve("volume-1").toString()))).isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE);
                    assertThat(e.details()).containsEntry("share", "host:/hung");
                });
        assertThatThrownBy(() -> runner.run(org.remotefs.core.exec.Command.of("dd", "if=/dev/zero",
                "of=" + HUNG.resolve("volume-1")))).isInstanceOf(RemoteFsException.class);
        runner.run(org.remotefs.core.exec.Command.of("umount", "-l", HUNG.toString()));
        runner.run(org.remotefs.core.exec.Command.of("qemu-img", "info", HEALTHY.resolve("volume-2").toString()));

        assertThat(started).containsExactly(java.util.List.of("umount", "-l", HUNG.toString()),
                java.util.List.of("qemu-img", "info", HEALTHY.resolve("volume-2").toString()));
    }

    private String blocked() throws IOException {
        try {
            server.await();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return "late";
    }

    private static int workers() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("remotefs-share-call")).count();
    }
}
