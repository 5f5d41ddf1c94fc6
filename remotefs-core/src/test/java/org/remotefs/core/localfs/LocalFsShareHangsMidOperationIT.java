package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.testing.BindfsShare;

/**
 * A share that stops answering in the middle of an operation — after the command's look at it
 * answered — fails that operation with {@code SHARE_UNAVAILABLE} within about
 * {@code share_io_timeout}, since each file-system call on a share is bounded; the other share
 * serves meanwhile, and once the server answers again the operation is retried and succeeds. A
 * share whose directory was renamed away fails a volume's command naming it, creating nothing.
 */
final class LocalFsShareHangsMidOperationIT {
    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path work;

    @Test
    void aShareThatStopsAnsweringDuringAThickWriteFailsItWithinTheDeadline() throws Exception {
        Assumptions.assumeTrue(BindfsShare.available(), "bindfs or /dev/fuse is missing");
        Path healthy = Files.createDirectories(work.resolve("healthy"));
        try (BindfsShare share = new BindfsShare(work.resolve("backing"), work.resolve("hung")).start()) {
            Path hung = share.mountPoint();
            Path sharesFile = work.resolve("shares");
            Files.writeString(sharesFile, hung + "\n", StandardCharsets.UTF_8);
            VolumeDriver driver = LocalFsFixture.driverWithSharesFile(sharesFile,
                    "share_io_timeout = 2\nlocalfs_sparsed_volumes = false");
            Volume volume = Volume.create(UUID.randomUUID().toString(), 1);

            // the thick write runs; the server is stopped once the temporary file has grown
            CompletableFuture<ModelUpdate> create = CompletableFuture.supplyAsync(() -> driver.createVolume(volume));
            awaitWriting(share.backing(), create);
            share.stop();
            long stopped = System.nanoTime();

            Throwable failure = assertTimeoutPreemptively(BOUND, () -> failureOf(create));
            Duration took = Duration.ofNanos(System.nanoTime() - stopped);
            assertThat(failure).isInstanceOfSatisfying(RemoteFsException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE);
                assertThat(e.details()).containsEntry("share", hung.toString())
                        .containsEntry("mount_point", hung.toString());
            });
            System.out.println("mid-write hang: the create failed " + took.toMillis() + " ms after SIGSTOP");
            assertThat(took).isLessThan(Duration.ofSeconds(8));

            // the other share serves while the stuck write is still blocked
            Files.writeString(sharesFile, hung + "\n" + healthy + "\n", StandardCharsets.UTF_8);
            assertTimeoutPreemptively(BOUND, () -> {
                Volume other = Volume.create(UUID.randomUUID().toString(), 1);
                assertThat(driver.createVolume(other).providerLocation()).isEqualTo(healthy.toString());
                assertThat(driver.listVolumes()).extracting(StoredVolume::id).containsExactly(other.id());
            });

            share.resume();
            // nothing half-made shows under the volume's name; the retried create succeeds
            assertThat(share.backing().resolve(volume.name())).doesNotExist();
            Files.writeString(sharesFile, hung + "\n", StandardCharsets.UTF_8);
            ModelUpdate retried = retried(driver, volume);
            assertThat(retried.providerLocation()).isEqualTo(hung.toString());
            assertThat(Files.size(share.backing().resolve(volume.name()))).isEqualTo(1L << 30);
            assertThat(driver.listVolumes()).extracting(StoredVolume::id).contains(volume.id());
        }
    }

    @Test
    void aQemuImgBlockedOnAStoppedServerEndsAtItsTimeout() throws Exception {
        Assumptions.assumeTrue(BindfsShare.available(), "bindfs or /dev/fuse is missing");
        try (BindfsShare share = new BindfsShare(work.resolve("backing"), work.resolve("hung")).start()) {
            Path image = share.mountPoint().resolve("volume-1");
            LocalFsFixture.run("qemu-img", "create", "-f", "qcow2", image.toString(), "1G");
            org.remotefs.core.exec.CommandRunner runner = new org.remotefs.core.exec.ExecCommandRunner(
                    new org.remotefs.core.exec.RootHelper(java.util.List.of()), Duration.ofSeconds(2));
            share.stop();
            long started = System.nanoTime();

            assertTimeoutPreemptively(BOUND, () -> assertThatThrownBy(() -> runner.run(org.remotefs.core.exec.Command
                    .of("qemu-img", "info", "--force-share", image.toString())))
                    .isInstanceOf(org.remotefs.api.ProcessExecutionException.class));

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("qemu-img on a stopped share ended " + took.toMillis() + " ms after it started");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aShareWhoseDirectoryWasRenamedAwayFailsItsVolumesCommandsAndTheOtherServes() throws Exception {
        Path gone = Files.createDirectories(work.resolve("gone"));
        Path healthy = Files.createDirectories(work.resolve("healthy"));
        Path sharesFile = work.resolve("shares");
        Files.writeString(sharesFile, gone + "\n", StandardCharsets.UTF_8);
        VolumeDriver driver = LocalFsFixture.driverWithSharesFile(sharesFile, "share_io_timeout = 2");
        Volume onGone = created(driver);
        Files.writeString(sharesFile, gone + "\n" + healthy + "\n", StandardCharsets.UTF_8);
        Files.move(gone, work.resolve("moved"));

        assertThatThrownBy(() -> driver.extendVolume(onGone, 2)).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE);
            assertThat(e.details()).containsEntry("share", gone.toString());
        });
        assertThatThrownBy(() -> driver.deleteVolume(onGone)).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE));
        assertThat(gone).as("nothing is made in the removed share's place").doesNotExist();

        Files.writeString(sharesFile, healthy + "\n", StandardCharsets.UTF_8);
        Volume onHealthy = created(driver);
        assertThat(onHealthy.providerLocation()).isEqualTo(healthy.toString());
        assertThat(driver.listVolumes()).extracting(StoredVolume::id).containsExactly(onHealthy.id());
        assertThat(work.resolve("moved").resolve(onGone.name())).exists();
    }

    private static Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat("raw");
    }

    private static void awaitWriting(Path backing, CompletableFuture<?> create) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (create.isDone()) {
                create.get();
                throw new AssertionError("the create ended before the server was stopped");
            }
            try (Stream<Path> files = Files.list(backing)) {
                if (files.anyMatch(f -> f.getFileName().toString().contains("create") && size(f) > (16L << 20))) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the thick write did not start");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Throwable failureOf(CompletableFuture<?> operation) throws InterruptedException {
        try {
            operation.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** The create again, once the share serves again (the stuck write returns when the server answers). */
    private static ModelUpdate retried(VolumeDriver driver, Volume volume) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return driver.createVolume(volume);
            } catch (RemoteFsException e) {
                // until the stuck write returns, the share is unavailable: the create says so, or,
                // when the probe skipped the backend's only share, that no share could be used
                boolean unavailable = e.code() == ErrorCode.SHARE_UNAVAILABLE || e.code() == ErrorCode.NO_SHARES_MOUNTED;
                if (!unavailable || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
