package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
import org.remotefs.core.check.Quarantine;
import org.remotefs.core.json.Json;
import org.remotefs.core.layout.InfoFile;

/**
 * {@code check} and {@code check --repair} through a real localfs driver, on the states an
 * interrupted or killed operation (or a hand-edited info file) leaves, made with the real tools;
 * and {@code forceDeleteVolume} on volumes the normal delete refuses.
 */
final class LocalFsCheckIT {
    @TempDir
    Path share;

    @TempDir
    Path elsewhere;

    private final InfoFile infoFile = new InfoFile(Json.mapper());

    private Volume created(VolumeDriver driver) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(volume);
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE).withFormat("raw");
    }

    private static Snapshot snapshot(Volume volume, String id) {
        return new Snapshot(id, volume, SnapshotStatus.CREATING, null, null);
    }

    private Path info(Volume volume) {
        return share.resolve(volume.name() + ".info");
    }

    private static List<FindingCode> codes(List<CheckFinding> findings) {
        return findings.stream().map(CheckFinding::code).toList();
    }

    @Test
    void volumesWithSnapshotsAndNoLeftoversHaveNoFindings() {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        created(driver);
        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));
        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));

        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
        assertThat(driver.checkVolumes(List.of(volume.id()), true)).isEmpty();
        assertThatThrownBy(() -> driver.checkVolumes(List.of(UUID.randomUUID().toString()), false))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_FOUND));
    }

    @Test
    void orphanOverlaysAndTemporaryFilesAreReportedThenRemovedOrQuarantined() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        // recorded: with an info file, overlays it does not name are orphans (without one, see INFO_FILE_MISSING)
        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));
        String name = volume.name();
        Path empty = share.resolve(name + "." + UUID.randomUUID());
        Path full = share.resolve(name + "." + UUID.randomUUID());
        for (Path overlay : new Path[] {empty, full}) {
            LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", name, "-F", "raw", overlay.toString());
        }
        QemuIo.write(full, "qcow2", 0x42, 0);
        Path temporary = Files.writeString(share.resolve(name + ".tmp-create-" + UUID.randomUUID()), "half");

        List<CheckFinding> found = driver.checkVolumes(List.of(), false);

        assertThat(codes(found)).containsExactlyInAnyOrder(FindingCode.TEMPORARY_FILE, FindingCode.ORPHAN_OVERLAY,
                FindingCode.ORPHAN_OVERLAY);
        assertThat(found).allSatisfy(f -> assertThat(f.outcome()).isNull());
        assertThat(found).allSatisfy(f -> assertThat(f.volumeId()).isEqualTo(volume.id()));
        assertThat(empty).as("a report changes nothing").exists();
        assertThat(temporary).exists();

        long fullBytes = Files.size(full);
        List<CheckFinding> repaired = driver.checkVolumes(List.of(volume.id()), true);

        assertThat(repaired).hasSize(3).allSatisfy(f -> assertThat(f.outcome()).isEqualTo("repaired"));
        assertThat(empty).doesNotExist();
        assertThat(temporary).doesNotExist();
        assertThat(full).doesNotExist();
        try (Stream<Path> quarantined = Files.list(share.resolve(Quarantine.DIRECTORY))) {
            assertThat(quarantined.toList()).as("the overlay with data is kept, moved aside")
                    .singleElement().satisfies(p -> {
                        assertThat(p.getFileName().toString()).startsWith(full.getFileName().toString());
                        assertThat(Files.size(p)).isEqualTo(fullBytes);
                    });
        }
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
        assertThat(driver.listVolumes()).singleElement().satisfies(v -> assertThat(v.id()).isEqualTo(volume.id()));
    }

    /**
     * A volume delete killed after removing some of the volume's files (found by the random-kill
     * harness, LocalFsRandomKillIT): its journal makes it an interrupted delete that repair
     * finishes, not a broken chain nothing can repair; meanwhile no operation uses the volume.
     */
    @Test
    void aVolumeDeleteKilledHalfWayIsFinishedByRepairAndRefusedMeanwhile() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        Volume other = created(driver);
        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));
        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));
        List<String> files = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(
                infoFile.read(info(volume)).orElseThrow().values()));
        files.add(volume.name());
        // what the delete does first, then the kill after its first two files
        new org.remotefs.core.snapshot.DeleteJournal(Json.mapper()).recordVolumeDelete(share,
                org.remotefs.core.layout.VolumeNames.plain(volume.name()), files, p -> { });
        Files.delete(share.resolve(files.get(0)));
        Files.delete(share.resolve(files.get(1)));

        assertThat(driver.checkVolumes(List.of(), false)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INTERRUPTED_VOLUME_DELETE);
            assertThat(f.volumeId()).isEqualTo(volume.id());
        });
        assertThatThrownBy(() -> driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME));

        assertThat(driver.checkVolumes(List.of(), true)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("repaired"));
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
        try (Stream<Path> left = Files.list(share)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("volume-")))
                    .as("only the other volume is left").containsExactly(other.name());
        }
    }

    @Test
    void aClonesTemporarySnapshotOnItsSourceIsDroppedByRepair() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        QemuIo.write(share.resolve(volume.name()), "raw", 0x33, 0);
        String leftover = Snapshot.TEMPORARY_PREFIX + UUID.randomUUID();
        driver.createSnapshot(snapshot(volume, leftover));

        assertThat(codes(driver.checkVolumes(List.of(volume.id()), false)))
                .containsExactly(FindingCode.CLONE_TEMPORARY_SNAPSHOT);
        assertThat(driver.checkVolumes(List.of(volume.id()), true)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("repaired"));

        Map<String, String> info = infoFile.read(info(volume)).orElseThrow();
        assertThat(info).doesNotContainKey(leftover).containsEntry(InfoFile.ACTIVE, volume.name());
        assertThat(QemuIo.mismatch(share.resolve(volume.name()), "raw", 0x33)).isNull();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void aRecordedSnapshotOutsideTheChainIsDroppedAndItsFileQuarantined() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        String kept = UUID.randomUUID().toString();
        driver.createSnapshot(snapshot(volume, kept));
        String stray = UUID.randomUUID().toString();
        Path strayFile = share.resolve(volume.name() + "." + stray);
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", volume.name(), "-F", "raw",
                strayFile.toString());
        QemuIo.write(strayFile, "qcow2", 0x55, 0);
        Map<String, String> info = new LinkedHashMap<>(infoFile.read(info(volume)).orElseThrow());
        info.put(stray, strayFile.getFileName().toString());
        infoFile.write(info(volume), info, p -> { });

        assertThat(codes(driver.checkVolumes(List.of(), false))).containsExactly(FindingCode.SNAPSHOT_NOT_IN_CHAIN);
        assertThat(driver.checkVolumes(List.of(), true)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("repaired"));

        assertThat(infoFile.read(info(volume)).orElseThrow()).doesNotContainKey(stray).containsKey(kept);
        assertThat(strayFile).doesNotExist();
        assertThat(share.resolve(Quarantine.DIRECTORY)).isDirectoryContaining(
                p -> p.getFileName().toString().startsWith(strayFile.getFileName().toString()));
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void aVolumeWithAnUnreadableInfoFileIsReportedAndDeletedByForce() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        Volume other = created(driver);
        driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString()));
        // a second overlay on the base: two tops, so the chain proves no info file
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", volume.name(), "-F", "raw",
                share.resolve(volume.name() + "." + UUID.randomUUID()).toString());
        Files.writeString(info(volume), "{\"active\": ");

        List<CheckFinding> found = driver.checkVolumes(List.of(), true);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INFO_FILE_UNREADABLE);
            assertThat(f.outcome()).isEqualTo("kept");
        });
        assertThatThrownBy(() -> driver.deleteVolume(volume)).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME));

        List<String> deleted = driver.forceDeleteVolume(volume.id());

        assertThat(deleted).hasSize(4);
        try (Stream<Path> left = Files.list(share)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(volume.name())))
                    .isEmpty();
        }
        assertThat(share.resolve(other.name())).as("another volume's files stay").exists();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
        assertThatThrownBy(() -> driver.forceDeleteVolume(volume.id())).isInstanceOfSatisfying(
                RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_FOUND));
    }

    @Test
    void infoFileNamesOutsideTheVolumeAndLinkedOverlaysAreUnsafeAndForceDeleteRemovesOnlyTheLinks() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume outsider = created(driver);
        Path target = Files.writeString(elsewhere.resolve("precious"), "data");
        String linked = UUID.randomUUID().toString();
        Path link = Files.createSymbolicLink(share.resolve(outsider.name() + "." + linked), target);
        Map<String, String> info = new LinkedHashMap<>();
        info.put(linked, link.getFileName().toString());
        info.put(UUID.randomUUID().toString(), "../" + target.getFileName());
        info.put(InfoFile.ACTIVE, outsider.name());
        infoFile.write(info(outsider), info, p -> { });

        assertThat(driver.checkVolumes(List.of(outsider.id()), true)).hasSize(2).allSatisfy(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.UNSAFE_FILE);
            assertThat(f.outcome()).isEqualTo("kept");
        });

        driver.forceDeleteVolume(outsider.id());

        assertThat(link).doesNotExist();
        assertThat(target).hasContent("data");
        assertThat(driver.listVolumes()).isEmpty();
    }

    @Test
    void everyCommandRefusesARecordNamingAFileOutsideTheVolumeOrALinkAndAnOversizedInfoFile() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        Path target = Files.writeString(elsewhere.resolve("precious"), "data");
        String outside = UUID.randomUUID().toString();
        Map<String, String> info = new LinkedHashMap<>();
        info.put(outside, target.toString());
        info.put(InfoFile.ACTIVE, volume.name());
        infoFile.write(info(volume), info, p -> { });

        for (org.junit.jupiter.api.function.Executable command : List.<org.junit.jupiter.api.function.Executable>of(
                () -> driver.findVolume(volume.id()),
                () -> driver.createSnapshot(snapshot(volume, UUID.randomUUID().toString())),
                () -> driver.deleteSnapshot(snapshot(volume, outside)),
                () -> driver.extendVolume(volume, 2))) {
            assertThatThrownBy(command::execute).isInstanceOfSatisfying(RemoteFsException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BACKING_FILE));
        }
        assertThat(target).hasContent("data");
        assertThat(Files.size(share.resolve(volume.name()))).isEqualTo(1L << 30);

        Volume linked = created(driver);
        Path base = share.resolve(linked.name());
        Files.move(base, elsewhere.resolve("moved"));
        Files.createSymbolicLink(base, elsewhere.resolve("moved"));
        assertThatThrownBy(() -> driver.findVolume(linked.id())).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BACKING_FILE));
        assertThat(driver.checkVolumes(List.of(linked.id()), false)).extracting(CheckFinding::code)
                .containsExactly(FindingCode.UNSAFE_FILE);
        driver.forceDeleteVolume(linked.id());
        assertThat(elsewhere.resolve("moved")).exists();

        Volume huge = created(driver);
        StringBuilder entries = new StringBuilder("{\"active\": \"" + huge.name() + "\"");
        while (entries.length() <= InfoFile.MAX_BYTES) {
            entries.append(", \"").append(UUID.randomUUID()).append("\": \"").append(huge.name()).append('"');
        }
        Files.writeString(info(huge), entries.append('}'));
        assertThatThrownBy(() -> driver.findVolume(huge.id())).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME));
        assertThat(driver.checkVolumes(List.of(huge.id()), false)).extracting(CheckFinding::code)
                .containsExactly(FindingCode.INFO_FILE_UNREADABLE);
    }

    /** A volume holding 0x11 in MiB 0, then snapshot a, 0x22 in MiB 1, snapshot b, 0x33 in MiB 2. */
    private record Layered(Volume volume, String base, String a, String b) {
        String overlay(String snapshotId) {
            String extension = base.substring(volume.name().length());
            return volume.name() + "." + snapshotId + extension;
        }

        Map<String, String> info() {
            return Map.of(a, overlay(a), b, overlay(b), InfoFile.ACTIVE, overlay(b));
        }
    }

    private Layered layered(VolumeDriver driver) throws Exception {
        Volume volume = created(driver);
        String base;
        try (Stream<Path> files = Files.list(share)) {
            base = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(volume.name()))
                    .findFirst().orElseThrow();
        }
        Layered layered = new Layered(volume, base, UUID.randomUUID().toString(), UUID.randomUUID().toString());
        QemuIo.write(share.resolve(base), "raw", 0x11, 0);
        driver.createSnapshot(snapshot(volume, layered.a()));
        QemuIo.write(share.resolve(layered.overlay(layered.a())), "qcow2", 0x22, 1);
        driver.createSnapshot(snapshot(volume, layered.b()));
        QemuIo.write(share.resolve(layered.overlay(layered.b())), "qcow2", 0x33, 2);
        return layered;
    }

    /** The volume and both snapshots read their data, through the driver's own copy of a snapshot. */
    private void readsItsData(VolumeDriver driver, Layered layered) throws Exception {
        assertThat(QemuIo.mismatch(share.resolve(layered.overlay(layered.b())), "qcow2", 0x11, 0x22, 0x33)).isNull();
        for (Map.Entry<String, int[]> snapshot : Map.of(layered.a(), new int[] {0x11, 0, 0},
                layered.b(), new int[] {0x11, 0x22, 0}).entrySet()) {
            Volume copy = Volume.create(UUID.randomUUID().toString(), 1);
            ModelUpdate made = driver.createVolumeFromSnapshot(copy,
                    snapshot(layered.volume(), snapshot.getKey()).withStatus(SnapshotStatus.AVAILABLE));
            Path copied;
            try (Stream<Path> files = Files.list(share)) {
                copied = files.filter(p -> p.getFileName().toString().startsWith(copy.name())).findFirst()
                        .orElseThrow();
            }
            assertThat(QemuIo.mismatch(copied, "raw", snapshot.getValue())).as(snapshot.getKey()).isNull();
            driver.deleteVolume(copy.withProviderLocation(made.providerLocation()).withStatus(VolumeStatus.AVAILABLE));
        }
    }

    private Path infoPath(Layered layered) {
        return share.resolve(layered.base() + InfoFile.SUFFIX);
    }

    @Test
    void aMissingInfoFileIsRebuiltFromTheChainByteForByteAsCinderWritesIt() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Layered layered = layered(driver);
        Files.delete(infoPath(layered));
        Map<String, Long> before = LocalFsFixture.listing(share);

        List<CheckFinding> found = driver.checkVolumes(List.of(), false);

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INFO_FILE_MISSING);
            assertThat(f.outcome()).isNull();
        });
        assertThat(LocalFsFixture.listing(share)).as("a report changes nothing").isEqualTo(before);

        assertThat(driver.checkVolumes(List.of(layered.volume().id()), true)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("repaired"));

        assertThat(infoFile.read(infoPath(layered)).orElseThrow()).isEqualTo(layered.info());
        assertThat(Files.readString(infoPath(layered))).as("what Cinder's json.dump writes for this chain")
                .isEqualTo(PythonJson.dumps(layered.info()));
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
        readsItsData(driver, layered);
        driver.deleteSnapshot(snapshot(layered.volume(), layered.a()).withStatus(SnapshotStatus.DELETING));
        assertThat(QemuIo.mismatch(share.resolve(layered.overlay(layered.b())), "qcow2", 0x11, 0x22, 0x33)).isNull();
    }

    @Test
    void extensionNamesAreRebuiltWithTheirExtension() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "localfs_volume_file_names = extension");
        Layered layered = layered(driver);
        assertThat(layered.base()).endsWith(".raw");
        Files.delete(infoPath(layered));

        assertThat(driver.checkVolumes(List.of(), true)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INFO_FILE_MISSING);
            assertThat(f.outcome()).isEqualTo("repaired");
        });

        assertThat(Files.readString(infoPath(layered))).isEqualTo(PythonJson.dumps(layered.info()));
        readsItsData(driver, layered);
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void anUnreadableInfoFileIsQuarantinedAndRebuilt() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Layered layered = layered(driver);
        Files.writeString(infoPath(layered), "{\"active\": \"volu");

        assertThat(driver.checkVolumes(List.of(), true)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INFO_FILE_UNREADABLE);
            assertThat(f.outcome()).isEqualTo("repaired");
        });

        assertThat(Files.readString(infoPath(layered))).isEqualTo(PythonJson.dumps(layered.info()));
        try (Stream<Path> quarantined = Files.list(share.resolve(Quarantine.DIRECTORY))) {
            assertThat(quarantined.toList()).as("the unreadable file is kept, moved aside").singleElement()
                    .satisfies(p -> assertThat(p).hasContent("{\"active\": \"volu"));
        }
        readsItsData(driver, layered);
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void aBaseOnlyVolumeWithoutInfoFileIsNormal() {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);

        assertThat(driver.checkVolumes(List.of(volume.id()), true)).isEmpty();
        assertThat(info(volume)).doesNotExist();
    }

    @Test
    void aFirstSnapshotCreateKilledBeforeItsInfoFileIsTheLeftoverTheNextOperationRemoves() throws Exception {
        // what a snapshot create killed between its overlay and its first info file leaves: check
        // agrees with the next operation's sweep (an empty orphan, removed), and never records the
        // snapshot the create did not finish
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume volume = created(driver);
        QemuIo.write(share.resolve(volume.name()), "raw", 0x11, 0);
        Path overlay = share.resolve(volume.name() + "." + UUID.randomUUID());
        LocalFsFixture.run("qemu-img", "create", "-q", "-f", "qcow2", "-b", volume.name(), "-F", "raw",
                overlay.toString());

        assertThat(driver.checkVolumes(List.of(volume.id()), false)).singleElement()
                .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.ORPHAN_OVERLAY));
        assertThat(driver.checkVolumes(List.of(volume.id()), true)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo("repaired"));

        assertThat(overlay).doesNotExist();
        assertThat(info(volume)).doesNotExist();
        assertThat(QemuIo.mismatch(share.resolve(volume.name()), "raw", 0x11)).isNull();
        assertThat(driver.checkVolumes(List.of(), false)).isEmpty();
    }

    @Test
    void aVolumeLivingInAnOverlayAfterItsBaseWentIsKeptAsItIs() throws Exception {
        livingInAnOverlay(LocalFsFixture.driver(share, ""));
    }

    @Test
    void aVolumeOfExtensionNamesLivingInAnOverlayIsKeptAsItIs() throws Exception {
        livingInAnOverlay(LocalFsFixture.driver(share, "localfs_volume_file_names = extension"));
    }

    private void livingInAnOverlay(VolumeDriver driver) throws Exception {
        // Cinder's online delete of the oldest snapshot: the base merged into the overlay above it,
        // the base file removed; the volume lives in files named after snapshots
        Layered layered = layered(driver);
        Path a = share.resolve(layered.overlay(layered.a()));
        LocalFsFixture.run("qemu-img", "rebase", "-q", "-f", "qcow2", "-b", "", a.toString());
        Files.delete(share.resolve(layered.base()));
        Files.delete(infoPath(layered));
        Map<String, Long> before = LocalFsFixture.listing(share);

        assertThat(driver.checkVolumes(List.of(), true)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INFO_FILE_MISSING);
            assertThat(f.outcome()).isEqualTo("kept");
            assertThat(f.message()).contains(layered.base());
        });

        assertThat(LocalFsFixture.listing(share)).as("nothing moved, nothing removed").isEqualTo(before);
        assertThat(QemuIo.mismatch(share.resolve(layered.overlay(layered.b())), "qcow2", 0x11, 0x22, 0x33)).isNull();

        // the same with an unreadable info file: never a rebuilt one
        Files.writeString(infoPath(layered), "not json");
        assertThat(driver.checkVolumes(List.of(), true)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INFO_FILE_UNREADABLE);
            assertThat(f.outcome()).isEqualTo("kept");
        });
        assertThat(infoPath(layered)).hasContent("not json");
    }

    @Test
    void anOverlayWithoutASnapshotIdKeepsTheVolumeAsItIs() throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Layered layered = layered(driver);
        Path b = share.resolve(layered.overlay(layered.b()));
        Path renamed = share.resolve(layered.volume().name() + ".latest");
        Files.move(b, renamed);
        Files.delete(infoPath(layered));

        assertThat(driver.checkVolumes(List.of(), true)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FindingCode.INFO_FILE_MISSING);
            assertThat(f.outcome()).isEqualTo("kept");
            assertThat(f.message()).contains(renamed.getFileName().toString());
        });
        assertThat(infoPath(layered)).doesNotExist();
        assertThat(QemuIo.mismatch(renamed, "qcow2", 0x11, 0x22, 0x33)).isNull();
    }
}
