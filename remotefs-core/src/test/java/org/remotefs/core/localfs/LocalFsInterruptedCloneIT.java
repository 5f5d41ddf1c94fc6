package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

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
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.snapshot.CloneJournal;

/**
 * A clone killed between its steps, as its journal and files show it afterwards (built here by
 * writing them as the clone had, with the real tools): its temporary snapshot is never a source,
 * and the next operation on the source or {@code check --repair} rolls it back — the empty
 * temporary snapshot dropped, the new volume's temporary file removed — only while the source is
 * still what the journal recorded; a stale journal is reported, not replayed.
 */
final class LocalFsInterruptedCloneIT {
    @TempDir
    Path share;

    private final InfoFile infoFile = new InfoFile(Json.mapper());
    private final CloneJournal journal = new CloneJournal(Json.mapper());

    private Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE).withFormat("raw");
    }

    private static Snapshot snapshot(Volume volume, String id, SnapshotStatus status) {
        return new Snapshot(id, volume, status, null, null);
    }

    private Path cloneJournal(Volume volume) {
        return share.resolve(VolumeNames.plain(volume.name()).cloneJournal());
    }

    /** What a clone into {@code target} killed during its copy leaves on {@code source}. */
    private record Killed(Volume target, String snapshotId, Path overlay, Path copy) {
    }

    private Killed killedDuringCopy(VolumeDriver driver, Volume source) throws Exception {
        Volume target = Volume.create(UUID.randomUUID().toString(), 1);
        String snapshotId = Snapshot.TEMPORARY_PREFIX + target.id();
        VolumeNames names = VolumeNames.plain(source.name());
        Map<String, String> before = infoFile.read(share.resolve(names.info())).orElse(Map.of());
        List<String> chain = before.containsKey(InfoFile.ACTIVE) && !before.get(InfoFile.ACTIVE).equals(names.base())
                ? List.of(before.get(InfoFile.ACTIVE), names.base()) : List.of(names.base());
        // the driver's own snapshot create first: with the journal already there, its lock-and-sweep
        // would roll the clone back before the test could look at it
        driver.createSnapshot(snapshot(source, snapshotId, SnapshotStatus.CREATING));
        journal.record(share, names, new CloneJournal.Entry(snapshotId, names.overlay(snapshotId), target.name(),
                before, chain), p -> { });
        Path copy = share.resolve(target.name() + ".tmp-copy-" + UUID.randomUUID());
        LocalFsFixture.run("qemu-img", "convert", "-q", "-f", "raw", "-O", "raw",
                share.resolve(source.name()).toString(), copy.toString());
        return new Killed(target, snapshotId, share.resolve(names.overlay(snapshotId)), copy);
    }

    @Test
    void checkRepairRollsBackAKilledCloneAndTheCloneCanBeRetried() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume source = created(driver);
        QemuIo.write(share.resolve(source.name()), "raw", 0x11, 0);
        Killed killed = killedDuringCopy(driver, source);

        List<CheckFinding> found = driver.checkVolumes(List.of(source.id()), false);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INTERRUPTED_CLONE);
            assertThat(f.files()).contains(killed.overlay().getFileName().toString(),
                    killed.copy().getFileName().toString());
        });

        assertThat(driver.checkVolumes(List.of(), true)).isNotEmpty()
                .allSatisfy(f -> assertThat(f.outcome()).isEqualTo("repaired"));

        assertThat(killed.overlay()).doesNotExist();
        assertThat(killed.copy()).doesNotExist();
        assertThat(cloneJournal(source)).doesNotExist();
        assertThat(infoFile.read(share.resolve(source.name() + ".info")).orElseThrow())
                .isEqualTo(Map.of(InfoFile.ACTIVE, source.name()));
        assertThat(QemuIo.mismatch(share.resolve(source.name()), "raw", 0x11)).isNull();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();

        driver.createClonedVolume(killed.target(), source);
        assertThat(QemuIo.mismatch(share.resolve(killed.target().name()), "raw", 0x11)).isNull();
        assertThat(cloneJournal(source)).as("a clone that ran to its end leaves no journal").doesNotExist();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void theNextOperationOnTheSourceRollsBackAKilledClone() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume source = created(driver);
        String kept = UUID.randomUUID().toString();
        driver.createSnapshot(snapshot(source, kept, SnapshotStatus.CREATING));
        QemuIo.write(share.resolve(source.name() + "." + kept), "qcow2", 0x22, 0);
        Killed killed = killedDuringCopy(driver, source);

        driver.extendVolume(source, 2);

        assertThat(killed.overlay()).doesNotExist();
        assertThat(killed.copy()).doesNotExist();
        assertThat(cloneJournal(source)).doesNotExist();
        assertThat(infoFile.read(share.resolve(source.name() + ".info")).orElseThrow())
                .isEqualTo(Map.of(kept, source.name() + "." + kept, InfoFile.ACTIVE, source.name() + "." + kept));
        assertThat(QemuIo.mismatch(share.resolve(source.name() + "." + kept), "qcow2", 0x22)).isNull();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void aCloneKilledBeforeItsSnapshotWasRecordedLeavesOnlyItsJournalAndAnEmptyOverlay() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume source = created(driver);
        Killed killed = killedDuringCopy(driver, source);
        // as if killed after the overlay was written and before the info file named it
        Files.delete(share.resolve(source.name() + ".info"));
        Files.delete(killed.copy());

        assertThat(driver.checkVolumes(List.of(source.id()), false)).extracting(CheckFinding::code)
                .containsExactly(FindingCode.INTERRUPTED_CLONE, FindingCode.ORPHAN_OVERLAY);
        assertThat(driver.checkVolumes(List.of(source.id()), true)).extracting(CheckFinding::outcome)
                .containsExactly("repaired", "repaired");
        assertThat(cloneJournal(source)).doesNotExist();
        assertThat(killed.overlay()).doesNotExist();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void aJournalTheSourceNoLongerMatchesIsReportedNotReplayed() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume source = created(driver);
        Killed killed = killedDuringCopy(driver, source);
        // another writer (Python Cinder, which ignores the journal) took a snapshot since
        String newer = UUID.randomUUID().toString();
        Path newerFile = share.resolve(source.name() + "." + newer);
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", killed.overlay().getFileName().toString(),
                "-F", "qcow2", newerFile.toString());
        QemuIo.write(newerFile, "qcow2", 0x44, 0);
        Path info = share.resolve(source.name() + ".info");
        Map<String, String> entries = new java.util.LinkedHashMap<>(infoFile.read(info).orElseThrow());
        entries.put(newer, newerFile.getFileName().toString());
        entries.put(InfoFile.ACTIVE, newerFile.getFileName().toString());
        infoFile.write(info, entries, p -> { });

        List<CheckFinding> repaired = driver.checkVolumes(List.of(source.id()), true);

        assertThat(repaired).filteredOn(f -> f.code() == FindingCode.STALE_JOURNAL).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("kept"));
        assertThat(repaired).extracting(CheckFinding::code).doesNotContain(FindingCode.INTERRUPTED_CLONE);
        assertThat(cloneJournal(source)).exists();
        assertThat(killed.overlay()).as("the snapshot below the newer one stays").exists();
        assertThatThrownBy(() -> driver.createVolumeFromSnapshot(Volume.create(UUID.randomUUID().toString(), 1),
                snapshot(source, killed.snapshotId(), SnapshotStatus.AVAILABLE)))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_DELETE_INTERRUPTED));
        assertThat(QemuIo.mismatch(share.resolve(source.name() + "." + newer), "qcow2", 0x44)).isNull();
        try (Stream<Path> files = Files.list(share)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains(killed.copy().getFileName().toString());
        }
    }
}
