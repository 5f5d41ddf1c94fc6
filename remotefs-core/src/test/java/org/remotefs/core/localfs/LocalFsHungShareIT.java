package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;

/**
 * One hung share does not take the backend down: a share served by {@code bindfs} whose server is
 * stopped with SIGSTOP (what a dead NFS server does to a hard mount) is unavailable after
 * {@code share_io_timeout}; listings, stats and creates go on with the healthy share, and an
 * operation on a volume of the hung share fails with {@code SHARE_UNAVAILABLE} naming it. Every
 * exit path resumes the server and unmounts lazily, so a failed test leaves no hung mount.
 */
final class LocalFsHungShareIT {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    void aStoppedFuseServerMakesItsShareUnavailableAndTheOtherShareServes() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/bindfs")), "bindfs is not installed");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse");
        Path healthy = Files.createDirectories(work.resolve("healthy"));
        Path backing = Files.createDirectories(work.resolve("backing"));
        Path hung = Files.createDirectories(work.resolve("hung"));
        Process bindfs = new ProcessBuilder("bindfs", "-f", "--no-allow-other", backing.toString(), hung.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("bindfs.log").toFile()).start();
        try {
            awaitMounted(hung);
            Path sharesFile = work.resolve("shares");
            Files.writeString(sharesFile, hung + "\n", StandardCharsets.UTF_8);
            VolumeDriver driver = LocalFsFixture.driverWithSharesFile(sharesFile, "share_io_timeout = 2");
            Volume onHung = created(driver);
            Files.writeString(sharesFile, hung + "\n" + healthy + "\n", StandardCharsets.UTF_8);
            Volume onHealthy = created(driver);
            assertThat(onHealthy.providerLocation()).as("the emptier share").isEqualTo(healthy.toString());

            signal(bindfs, "STOP");

            assertTimeoutPreemptively(BOUND, () -> {
                assertThat(driver.listVolumes()).extracting(StoredVolume::id).containsExactly(onHealthy.id());
            });
            assertTimeoutPreemptively(BOUND, () -> {
                assertThat(driver.getVolumeStats(true)).isNotNull();
                Volume another = created(driver);
                assertThat(another.providerLocation()).isEqualTo(healthy.toString());
                assertThat(driver.shares()).filteredOn(s -> s.address().equals(hung.toString()))
                        .singleElement().extracting(ShareState::unavailable).isNotNull();
                assertThatThrownBy(() -> driver.extendVolume(onHung, 2)).isInstanceOfSatisfying(
                        RemoteFsException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE);
                            assertThat(e.details()).containsEntry("share", hung.toString());
                        });
            });

            signal(bindfs, "CONT");
            driver.extendVolume(onHung, 2);
            assertThat(Files.size(backing.resolve(onHung.name()))).isEqualTo(2L << 30);
        } finally {
            signal(bindfs, "CONT");
            run("fusermount", "-u", "-z", hung.toString());
            bindfs.destroy();
            if (!bindfs.waitFor(10, TimeUnit.SECONDS)) {
                bindfs.destroyForcibly();
            }
        }
    }

    private static Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat("raw");
    }

    private static void awaitMounted(Path mountPoint) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (Files.readString(Path.of("/proc/mounts")).contains(" " + mountPoint + " ")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("bindfs did not mount " + mountPoint);
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        run("kill", "-" + signal, Long.toString(process.pid()));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
