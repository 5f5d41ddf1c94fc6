package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.json.Json;
import org.remotefs.core.layout.InfoFile;

/**
 * A full share ({@code ENOSPC}) on a small tmpfs: a snapshot create whose {@code qemu-img create}
 * finds no space fails with {@code NO_SPACE}, not a generic process error; the info file and the
 * volume's data are as before, nothing is left behind, and the create succeeds once space is
 * freed; a volume delete works on the full share. Needs root (a tmpfs mount); skipped when {@code mount -t tmpfs} fails.
 */
final class LocalFsFullDiskIT {
    @TempDir
    Path work;

    @Test
    void aFullShareIsNoSpaceAndTheSnapshotSucceedsOnceSpaceIsFreed() throws Exception {
        Path share = Files.createDirectories(work.resolve("share"));
        Assumptions.assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", share.toString()) == 0,
                "mount -t tmpfs failed (not root?)");
        try {
            VolumeDriver driver = LocalFsFixture.driver(share, "");
            Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
            ModelUpdate update = driver.createVolume(volume);
            Volume created = volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                    .withFormat("raw");
            String first = UUID.randomUUID().toString();
            driver.createSnapshot(new Snapshot(first, created, SnapshotStatus.CREATING, null, null));
            Path active = share.resolve(created.name() + "." + first);
            QemuIo.write(active, "qcow2", 0x5a, 0);
            InfoFile infoFile = new InfoFile(Json.mapper());
            Map<String, String> before = infoFile.read(share.resolve(created.name() + ".info")).orElseThrow();
            Path filler = fill(share);

            String second = UUID.randomUUID().toString();
            assertThatThrownBy(() -> driver.createSnapshot(new Snapshot(second, created, SnapshotStatus.CREATING,
                    null, null))).isInstanceOfSatisfying(RemoteFsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SPACE));

            assertThat(infoFile.read(share.resolve(created.name() + ".info")).orElseThrow()).isEqualTo(before);
            assertThat(share.resolve(created.name() + "." + second)).doesNotExist();
            assertThat(QemuIo.mismatch(active, "qcow2", 0x5a)).isNull();
            Files.delete(filler);
            driver.createSnapshot(new Snapshot(second, created, SnapshotStatus.CREATING, null, null));
            assertThat(infoFile.read(share.resolve(created.name() + ".info")).orElseThrow())
                    .containsEntry(InfoFile.ACTIVE, created.name() + "." + second);
            assertThat(driver.checkVolumes(List.of(), false)).isEmpty();

            // a delete frees space: it works on a full share too (its journal cannot be written there)
            fill(share);
            driver.deleteVolume(created);
            try (java.util.stream.Stream<Path> left = Files.list(share)) {
                assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("volume-"))).isEmpty();
            }
        } finally {
            run("umount", "-l", share.toString());
        }
    }

    /** Writes a file until the share is full. */
    private static Path fill(Path share) throws IOException {
        Path filler = share.resolve("filler");
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
        return filler;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
