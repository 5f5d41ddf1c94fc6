package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.CheckFinding;
import org.remotefs.api.model.FindingCode;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.json.Json;
import org.remotefs.core.layout.InfoFile;

/**
 * No half-done step is used as data: a snapshot delete stopped right after its {@code qemu-img
 * commit} (the command ran, then the driver lost its answer — nothing after it ran, exactly what a
 * kill -9 there leaves) is finished by the next operation or by {@code check --repair}, never read
 * as the snapshot's data; a journal another writer made stale is reported and its snapshot refused
 * as a source; an extend whose resize worked but was reported failed succeeds when retried.
 */
final class LocalFsInterruptedStepsIT {
    private static final int GIB = 1 << 30;

    @TempDir
    Path share;

    private final InfoFile infoFile = new InfoFile(Json.mapper());
    private final FaultyLocalFsProvider provider = new FaultyLocalFsProvider();

    private Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE).withFormat("raw");
    }

    private static Snapshot snapshot(Volume volume, String id) {
        return new Snapshot(id, volume, SnapshotStatus.AVAILABLE, null, null);
    }

    private Path journal(Volume volume) {
        return share.resolve(volume.name() + ".info.journal");
    }

    private Map<String, String> info(Volume volume) {
        return infoFile.read(share.resolve(volume.name() + ".info")).orElseThrow();
    }

    /** A volume of 0x11 with snapshot s1 (its overlay active, holding 0x22); s1's delete stopped after the commit. */
    private Volume interruptedDeleteOfTheActiveSnapshot(VolumeDriver driver, String s1) {
        Volume volume = created(driver);
        QemuIo.write(share.resolve(volume.name()), "raw", 0x11, 0);
        driver.createSnapshot(snapshot(volume, s1));
        QemuIo.write(share.resolve(volume.name() + "." + s1), "qcow2", 0x22, 0);
        provider.runner().loseAnswerAt(1);
        assertThatThrownBy(() -> driver.deleteSnapshot(snapshot(volume, s1).withStatus(SnapshotStatus.DELETING)))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROCESS_EXECUTION));
        assertThat(provider.runner().qemuImgCalls()).singleElement().satisfies(c -> assertThat(c).contains("commit"));
        provider.runner().failAt(0);
        // Cinder's hole: s1 is still listed, and the image holding its data now holds the newer data
        assertThat(info(volume)).containsKey(s1);
        assertThat(QemuIo.mismatch(share.resolve(volume.name()), "raw", 0x22)).isNull();
        assertThat(journal(volume)).exists();
        return volume;
    }

    @Test
    void aVolumeFromASnapshotWhoseDeleteStoppedAfterTheCommitNeverGetsTheNewerData() throws Exception {
        VolumeDriver driver = provider.driver(share);
        String s1 = UUID.randomUUID().toString();
        Volume volume = interruptedDeleteOfTheActiveSnapshot(driver, s1);
        Volume copy = Volume.create(UUID.randomUUID().toString(), 1);

        // the next operation on the volume finishes the delete first: the snapshot is gone
        assertThatThrownBy(() -> driver.createVolumeFromSnapshot(copy, snapshot(volume, s1)))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_NOT_FOUND));

        assertThat(share.resolve(copy.name())).doesNotExist();
        assertThat(info(volume)).doesNotContainKey(s1).containsEntry(InfoFile.ACTIVE, volume.name());
        assertThat(share.resolve(volume.name() + "." + s1)).doesNotExist();
        assertThat(journal(volume)).doesNotExist();
        assertThat(QemuIo.mismatch(share.resolve(volume.name()), "raw", 0x22)).isNull();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void checkRepairFinishesAMiddleDeleteStoppedBetweenCommitAndRebase() throws Exception {
        VolumeDriver driver = provider.driver(share);
        Volume volume = created(driver);
        QemuIo.write(share.resolve(volume.name()), "raw", 0x11, 0);
        String s1 = UUID.randomUUID().toString();
        String s2 = UUID.randomUUID().toString();
        driver.createSnapshot(snapshot(volume, s1));
        QemuIo.write(share.resolve(volume.name() + "." + s1), "qcow2", 0x22, 0);
        driver.createSnapshot(snapshot(volume, s2));
        QemuIo.write(share.resolve(volume.name() + "." + s2), "qcow2", 0x33, 1);
        provider.runner().loseAnswerAt(1);
        assertThatThrownBy(() -> driver.deleteSnapshot(snapshot(volume, s1).withStatus(SnapshotStatus.DELETING)))
                .isInstanceOf(RemoteFsException.class);
        provider.runner().failAt(0);

        List<CheckFinding> found = driver.checkVolumes(List.of(volume.id()), false);
        assertThat(found).extracting(CheckFinding::code).containsExactly(FindingCode.INTERRUPTED_SNAPSHOT_DELETE);
        Volume copy = Volume.create(UUID.randomUUID().toString(), 1);
        assertThat(driver.checkVolumes(List.of(volume.id()), true)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("repaired"));

        assertThat(info(volume)).doesNotContainKey(s1).containsEntry(s2, volume.name() + "." + s2);
        assertThat(share.resolve(volume.name() + "." + s1)).doesNotExist();
        assertThat(journal(volume)).doesNotExist();
        assertThat(QemuIo.mismatch(share.resolve(volume.name() + "." + s2), "qcow2", 0x22, 0x33)).isNull();
        ModelUpdate made = driver.createVolumeFromSnapshot(copy, snapshot(volume, s2));
        assertThat(QemuIo.mismatch(share.resolve(copy.name()), "raw", 0x22, 0)).isNull();
        assertThat(made.providerLocation()).isNotNull();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void aJournalAnotherWriterMadeStaleIsReportedNotReplayedAndItsSnapshotIsNoSource() throws Exception {
        VolumeDriver driver = provider.driver(share);
        String s1 = UUID.randomUUID().toString();
        Volume volume = interruptedDeleteOfTheActiveSnapshot(driver, s1);
        // Python Cinder, which ignores the journal, takes a snapshot meanwhile
        String s3 = UUID.randomUUID().toString();
        String overlay = volume.name() + "." + s3;
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", volume.name() + "." + s1, "-F", "qcow2",
                share.resolve(overlay).toString());
        Map<String, String> info = new LinkedHashMap<>(info(volume));
        info.put(s3, overlay);
        info.put(InfoFile.ACTIVE, overlay);
        infoFile.write(share.resolve(volume.name() + ".info"), info, p -> { });

        assertThat(driver.checkVolumes(List.of(), true)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.STALE_JOURNAL);
            assertThat(f.outcome()).isEqualTo("kept");
        });
        Volume copy = Volume.create(UUID.randomUUID().toString(), 1);
        assertThatThrownBy(() -> driver.createVolumeFromSnapshot(copy, snapshot(volume, s1)))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_DELETE_INTERRUPTED));
        assertThat(share.resolve(copy.name())).doesNotExist();
        assertThat(info(volume)).isEqualTo(info);
        assertThat(journal(volume)).exists();
    }

    @Test
    void anExtendWhoseResizeWorkedButWasReportedFailedSucceedsWhenRetried() throws Exception {
        // through a root helper, which files written in-process otherwise need not
        VolumeDriver driver = provider.driver(share, "root_helper = env, nas_secure_file_operations = false");
        Volume volume = created(driver);
        // a snapshot makes the active image a qcow2 overlay whose L1 table must grow for 2 GiB: a
        // qemu-img resize through the root helper (without one, both a raw file and a qcow2 overlay
        // grow in-process, with no command whose answer could be lost)
        driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null));
        provider.runner().loseAnswerAt(1);
        assertThatThrownBy(() -> driver.extendVolume(volume, 2)).isInstanceOf(RemoteFsException.class);
        provider.runner().failAt(0);
        assertThat(driver.findVolume(volume.id()).orElseThrow().virtualSizeBytes()).isEqualTo(2L * GIB);

        // Cinder still records 1 GiB: the retry succeeds
        driver.extendVolume(volume, 2);

        assertThat(driver.findVolume(volume.id()).orElseThrow().virtualSizeBytes()).isEqualTo(2L * GIB);
        assertThatThrownBy(() -> driver.extendVolume(volume.withSize(2), 2)).isInstanceOfSatisfying(
                RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> driver.extendVolume(volume, 1)).isInstanceOfSatisfying(
                RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
