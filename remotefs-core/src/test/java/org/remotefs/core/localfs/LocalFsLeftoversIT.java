package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.json.Json;
import org.remotefs.core.volume.Qcow2Occupancy;

/**
 * What the next operation on a volume removes of what killed operations left, and what it keeps:
 * the on-share states a kill leaves are made here with the real tools, then a real driver runs.
 */
final class LocalFsLeftoversIT {
    @TempDir
    Path share;

    private final InfoFile infoFile = new InfoFile(Json.mapper());

    private Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE).withFormat("raw");
    }

    private static Snapshot snapshot(Volume volume, String id) {
        return new Snapshot(id, volume, SnapshotStatus.CREATING, null, null);
    }

    @Test
    void anUnrecordedOverlayWithDataIsKeptAndAnEmptyOneAndTemporaryFilesGo() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        String name = volume.name();
        Path empty = share.resolve(name + "." + UUID.randomUUID());
        Path full = share.resolve(name + "." + UUID.randomUUID());
        for (Path overlay : new Path[] {empty, full}) {
            LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", name, "-F", "raw", overlay.toString());
        }
        QemuIo.write(full, "qcow2", 0x42, 0);
        Path temporary = Files.writeString(share.resolve(name + ".tmp-create-" + UUID.randomUUID()), "half");

        driver.extendVolume(volume, 2);

        assertThat(empty).as("an empty overlay no info file records").doesNotExist();
        assertThat(temporary).doesNotExist();
        assertThat(full).as("an overlay that may hold data nobody else has").exists();
        assertThat(QemuIo.mismatch(full, "qcow2", 0x42)).isNull();
    }

    @Test
    void anOverlayAnotherImageIsBackedByIsKeptEvenWhenEmpty() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        String name = volume.name();
        String middle = name + "." + UUID.randomUUID();
        Path top = share.resolve(name + "." + UUID.randomUUID());
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", name, "-F", "raw",
                share.resolve(middle).toString());
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", middle, "-F", "qcow2", top.toString());
        QemuIo.write(top, "qcow2", 0x17, 0);

        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));

        assertThat(share.resolve(middle)).exists();
        assertThat(top).exists();
    }

    @Test
    void aClonesTemporarySnapshotIsDroppedWhileEmptyAndActiveAndKeptUnderANewerSnapshot() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        QemuIo.write(share.resolve(volume.name()), "raw", 0x33, 0);
        String leftover = Snapshot.TEMPORARY_PREFIX + UUID.randomUUID();
        driver.createSnapshot(snapshot(volume, leftover));
        Path overlay = share.resolve(volume.name() + "." + leftover);
        assertThat(new Qcow2Occupancy().isEmptyOverlay(overlay)).isTrue();

        String kept = UUID.randomUUID().toString();
        driver.createSnapshot(snapshot(volume, kept));

        Map<String, String> info = infoFile.read(share.resolve(volume.name() + ".info")).orElseThrow();
        assertThat(info).doesNotContainKey(leftover).containsKey(kept);
        assertThat(overlay).doesNotExist();
        assertThat(info.get(kept)).isEqualTo(volume.name() + "." + kept);

        // a clone snapshot that holds data (written after it was taken) is kept, also under a newer one
        String stranded = Snapshot.TEMPORARY_PREFIX + UUID.randomUUID();
        driver.createSnapshot(snapshot(volume, stranded));
        QemuIo.write(share.resolve(volume.name() + "." + stranded), "qcow2", 0x44, 0);
        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));
        driver.extendVolume(volume, 2);
        Map<String, String> after = infoFile.read(share.resolve(volume.name() + ".info")).orElseThrow();
        assertThat(after).containsKey(stranded);
        assertThat(QemuIo.mismatch(share.resolve(after.get("active")), "qcow2", 0x44)).isNull();
    }
}
