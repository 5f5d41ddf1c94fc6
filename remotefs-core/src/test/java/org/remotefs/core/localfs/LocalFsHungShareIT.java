package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import org.remotefs.testing.BindfsShare;

/**
 * One hung share does not take the backend down: a share served by {@code bindfs} whose server is
 * stopped with SIGSTOP (what a dead NFS server does to a hard mount) is unavailable after
 * {@code share_io_timeout}; listings, stats and creates go on with the healthy share, and an
 * operation on a volume of the hung share fails with {@code SHARE_UNAVAILABLE} naming it. Every
 * exit path resumes the server, aborts its connection and unmounts lazily ({@link BindfsShare}), so a
 * failed test leaves no hung mount.
 */
final class LocalFsHungShareIT {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    void aStoppedFuseServerMakesItsShareUnavailableAndTheOtherShareServes() throws Exception {
        Assumptions.assumeTrue(BindfsShare.available(), "bindfs or /dev/fuse is missing");
        Path healthy = Files.createDirectories(work.resolve("healthy"));
        try (BindfsShare share = new BindfsShare(work.resolve("backing"), work.resolve("hung")).start()) {
            Path hung = share.mountPoint();
            Path sharesFile = work.resolve("shares");
            Files.writeString(sharesFile, hung + "\n", StandardCharsets.UTF_8);
            VolumeDriver driver = LocalFsFixture.driverWithSharesFile(sharesFile, "share_io_timeout = 2");
            Volume onHung = created(driver);
            Files.writeString(sharesFile, hung + "\n" + healthy + "\n", StandardCharsets.UTF_8);
            Volume onHealthy = created(driver);
            assertThat(onHealthy.providerLocation()).as("the emptier share").isEqualTo(healthy.toString());

            share.stop();
            long stopped = System.nanoTime();

            assertTimeoutPreemptively(BOUND, () -> {
                assertThat(driver.listVolumes()).extracting(StoredVolume::id).containsExactly(onHealthy.id());
            });
            assertTimeoutPreemptively(BOUND, () -> {
                assertThat(driver.getVolumeStats(true)).isNotNull();
                Volume another = created(driver);
                assertThat(another.providerLocation()).isEqualTo(healthy.toString());
                assertThat(driver.shares()).filteredOn(s -> s.address().equals(hung.toString()))
                        .singleElement().extracting(ShareState::unavailable).isNotNull();
                assertThat(driver.checkVolumes(List.of(), false)).as("check goes on with the share that answers")
                        .isEmpty();
                assertThatThrownBy(() -> driver.checkVolumes(List.of(onHung.id()), false))
                        .as("a volume of the hung share is unavailable, never 'not found'")
                        .isInstanceOfSatisfying(RemoteFsException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE));
                assertThatThrownBy(() -> driver.extendVolume(onHung, 2)).isInstanceOfSatisfying(
                        RemoteFsException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.SHARE_UNAVAILABLE);
                            assertThat(e.details()).containsEntry("share", hung.toString());
                        });
            });
            System.out.println("hung share: listing, stats, a create, the share report and the refused extend took "
                    + Duration.ofNanos(System.nanoTime() - stopped).toMillis() + " ms");

            share.resume();
            extendedOnceItAnswers(driver, onHung);
            assertThat(Files.size(share.backing().resolve(onHung.name()))).isEqualTo(2L << 30);
        }
    }

    /** The stuck look returns once the server answers; until then the share is still unavailable. */
    private static void extendedOnceItAnswers(VolumeDriver driver, Volume volume) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                driver.extendVolume(volume, 2);
                return;
            } catch (RemoteFsException e) {
                if (e.code() != ErrorCode.SHARE_UNAVAILABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat("raw");
    }
}
