package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.remotefs.core.localfs.LocalFsFixture.listing;
import static org.remotefs.core.localfs.LocalFsFixture.qemuImgInfo;
import static org.remotefs.core.localfs.LocalFsFixture.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.json.Json;

/**
 * The snapshot engine on real qcow2 chains: data written before each snapshot must read back
 * from that snapshot, from the volume, and from copies, whatever the order of deletes.
 */
final class LocalFsSnapshotIT {
    private static final long GIB = 1L << 30;

    @TempDir
    Path share;

    private VolumeDriver driver;
    private Volume volume;

    private Volume setUp(String options) {
        driver = LocalFsFixture.driver(share, options);
        Volume created = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(created);
        volume = created.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
        return volume;
    }

    private Snapshot snapshot(String id) {
        return new Snapshot(id, volume, SnapshotStatus.AVAILABLE, null, null);
    }

    private Map<String, String> info() throws Exception {
        Path file = share.resolve(volume.name() + ".info");
        @SuppressWarnings("unchecked")
        Map<String, String> map = Json.mapper().readValue(file.toFile(), LinkedHashMap.class);
        return map;
    }

    private String infoText() throws Exception {
        return Files.readString(share.resolve(volume.name() + ".info"), StandardCharsets.US_ASCII);
    }

    /** Before snapshot k (1-based): pattern 0x10*k at MiB 0 (overwritten each time) and at MiB k. */
    private List<String> takeSnapshots(int count) {
        List<String> ids = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            writeActive(0x10 * k, 0);
            writeActive(0x10 * k, k);
            String id = UUID.randomUUID().toString();
            driver.createSnapshot(snapshot(id));
            ids.add(id);
        }
        return ids;
    }

    private void writeActive(int pattern, int offsetMib) {
        String active = driver.findVolume(volume.id()).orElseThrow().activeFile();
        QemuIo.write(share.resolve(active), active.equals(volume.name()) ? volume.format() : "qcow2", pattern, offsetMib);
    }

    /** What snapshot k holds: MiB 0 and MiB 1..k with their patterns, the rest zeros. */
    private static int[] expectedAt(int k, int width) {
        int[] patterns = new int[width];
        patterns[0] = 0x10 * k;
        for (int i = 1; i <= k && i < width; i++) {
            patterns[i] = 0x10 * i;
        }
        return patterns;
    }

    /** Snapshot data is the backing file of the file the info file records for it. */
    private String snapshotMismatch(String snapshotId, int k, int width) throws Exception {
        Path created = share.resolve(info().get(snapshotId));
        String backing = qemuImgInfo(created).get("backing-filename").asText();
        String format = qemuImgInfo(created).path("backing-filename-format").asText("raw");
        return QemuIo.mismatch(share.resolve(backing), format, expectedAt(k, width));
    }

    private String volumeMismatch(int[] expected) {
        String active = driver.findVolume(volume.id()).orElseThrow().activeFile();
        return QemuIo.mismatch(share.resolve(active), active.equals(volume.name()) ? volume.format() : "qcow2", expected);
    }

    @Test
    void createRecordsTheOverlayExactlyAsCinderDoes() throws Exception {
        setUp("");
        String first = "aaaaaaaa-0000-4000-8000-000000000001";
        String second = "0fffffff-0000-4000-8000-000000000002";

        ModelUpdate update = driver.createSnapshot(snapshot(first));
        driver.createSnapshot(snapshot(second));

        String firstFile = volume.name() + "." + first;
        String secondFile = volume.name() + "." + second;
        assertThat(infoText()).isEqualTo("{\n \"" + second + "\": \"" + secondFile + "\",\n \"" + first + "\": \""
                + firstFile + "\",\n \"active\": \"" + secondFile + "\"\n}");
        assertThat(infoText()).isEqualTo(PythonJson.dumps(info()));
        assertThat(update.adminMetadata()).containsEntry("format", "qcow2").containsEntry("base_format", "raw");
        var overlay = qemuImgInfo(share.resolve(secondFile));
        assertThat(overlay.get("backing-filename").asText()).isEqualTo(firstFile);
        assertThat(overlay.get("backing-filename-format").asText()).isEqualTo("qcow2");
        assertThat(overlay.get("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(qemuImgInfo(share.resolve(firstFile)).get("backing-filename").asText()).isEqualTo(volume.name());
        assertThat(qemuImgInfo(share.resolve(firstFile)).get("backing-filename-format").asText()).isEqualTo("raw");
        assertThat(Files.getPosixFilePermissions(share.resolve(secondFile)))
                .isEqualTo(Files.getPosixFilePermissions(share.resolve(volume.name())));
        assertThat(driver.findVolume(volume.id()).orElseThrow().snapshotIds()).containsExactly(first, second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,1,2", "1,0,2", "2,1,0", "1,2,0", "0,2,1", "2,0,1"})
    void everyDeleteOrderKeepsEveryonesData(String order) throws Exception {
        setUp("");
        List<String> ids = takeSnapshots(3);
        writeActive(0x99, 0);
        writeActive(0x99, 4);
        int[] current = {0x99, 0x10, 0x20, 0x30, 0x99};
        List<Integer> remaining = new ArrayList<>(List.of(0, 1, 2));

        for (String position : order.split(",")) {
            int index = Integer.parseInt(position);
            driver.deleteSnapshot(snapshot(ids.get(index)).withStatus(SnapshotStatus.DELETING));
            remaining.remove(Integer.valueOf(index));

            assertThat(volumeMismatch(current)).as("volume after deleting %s", index).isNull();
            for (int left : remaining) {
                assertThat(snapshotMismatch(ids.get(left), left + 1, 5)).as("snapshot %s", left).isNull();
            }
            assertThat(info()).containsOnlyKeys(expectedKeys(ids, remaining));
            assertThat(infoText()).isEqualTo(PythonJson.dumps(info()));
            assertThat(listing(share).keySet()).allSatisfy(file -> assertThat(
                    file.equals(volume.name() + ".info") || file.startsWith(".") || info().containsValue(file)
                            || file.equals(volume.name())).as(file).isTrue());
        }
        assertThat(info()).containsExactly(Map.entry("active", volume.name()));
        assertThat(qemuImgInfo(share.resolve(volume.name())).get("format").asText()).isEqualTo("raw");
    }

    private static String[] expectedKeys(List<String> ids, List<Integer> remaining) {
        List<String> keys = new ArrayList<>(List.of("active"));
        remaining.forEach(i -> keys.add(ids.get(i)));
        return keys.toArray(String[]::new);
    }

    @Test
    void deletingAnUnknownSnapshotSucceedsAndChangesNothing() throws Exception {
        setUp("");
        takeSnapshots(1);
        Map<String, Long> before = listing(share);
        String text = infoText();

        driver.deleteSnapshot(snapshot(UUID.randomUUID().toString()));

        assertThat(listing(share)).isEqualTo(before);
        assertThat(infoText()).isEqualTo(text);
    }

    @Test
    void aStaleSnapshotWithoutBackingFileIsDropped() throws Exception {
        setUp("");
        List<String> ids = takeSnapshots(1);
        String stale = UUID.randomUUID().toString();
        String staleFile = volume.name() + "." + stale;
        run("qemu-img", "create", "-f", "qcow2", share.resolve(staleFile).toString(), "1G");
        Map<String, String> info = new LinkedHashMap<>(info());
        info.put(stale, staleFile);
        Files.writeString(share.resolve(volume.name() + ".info"), Json.mapper().writeValueAsString(info));

        driver.deleteSnapshot(snapshot(stale));

        assertThat(info()).containsOnlyKeys("active", ids.get(0));
        assertThat(share.resolve(staleFile)).doesNotExist();
    }

    @Test
    void volumesFromAnySnapshotHoldThatSnapshotsDataAndTheRequestedSize() throws Exception {
        setUp("");
        List<String> ids = takeSnapshots(3);
        writeActive(0x99, 0);

        for (int k = 1; k <= 3; k++) {
            Volume copy = Volume.create(UUID.randomUUID().toString(), 2);
            ModelUpdate update = driver.createVolumeFromSnapshot(copy, snapshot(ids.get(k - 1)));

            Path file = Path.of(update.providerLocation()).resolve(copy.name());
            assertThat(update.adminMetadata()).containsEntry("format", "raw");
            assertThat(qemuImgInfo(file).get("format").asText()).isEqualTo("raw");
            assertThat(qemuImgInfo(file).get("virtual-size").asLong()).isEqualTo(2 * GIB);
            assertThat(QemuIo.mismatch(file, "raw", expectedAt(k, 5))).isNull();
        }
    }

    @Test
    void aQcow2BackendMakesQcow2CopiesWithoutBackingFiles() throws Exception {
        setUp("localfs_qcow2_volumes = true");
        List<String> ids = takeSnapshots(2);
        Volume copy = Volume.create(UUID.randomUUID().toString(), 1);

        driver.createVolumeFromSnapshot(copy, snapshot(ids.get(1)));

        Path file = share.resolve(copy.name());
        assertThat(qemuImgInfo(file).get("format").asText()).isEqualTo("qcow2");
        assertThat(qemuImgInfo(file).has("backing-filename")).isFalse();
        assertThat(QemuIo.mismatch(file, "qcow2", expectedAt(2, 4))).isNull();
    }

    @Test
    void clonesHoldTheSourcesCurrentDataAndLeaveNoTemporarySnapshot() throws Exception {
        setUp("");
        takeSnapshots(2);
        writeActive(0x99, 0);
        Map<String, String> infoBefore = info();

        Volume clone = Volume.create(UUID.randomUUID().toString(), 3);
        ModelUpdate update = driver.createClonedVolume(clone, volume);

        Path file = share.resolve(clone.name());
        assertThat(update.providerLocation()).isEqualTo(share.toString());
        assertThat(qemuImgInfo(file).get("virtual-size").asLong()).isEqualTo(3 * GIB);
        assertThat(QemuIo.mismatch(file, "raw", 0x99, 0x10, 0x20, 0)).isNull();
        assertThat(info()).isEqualTo(infoBefore);
        assertThat(volumeMismatch(new int[] {0x99, 0x10, 0x20, 0})).isNull();
    }

    @Test
    void cloningAnInUseVolumeIsRefusedWithTheStates() {
        setUp("");

        assertThatThrownBy(() -> driver.createClonedVolume(Volume.create(UUID.randomUUID().toString(), 1),
                volume.withStatus(VolumeStatus.IN_USE)))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    RemoteFsException error = (RemoteFsException) e;
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_VOLUME);
                    assertThat(error.getMessage()).contains("available", "backing-up", "downloading", "in-use");
                });
    }

    @Test
    void snapshotStateChecksFollowCinder() {
        setUp("");
        Snapshot ofError = new Snapshot(UUID.randomUUID().toString(), volume.withStatus(VolumeStatus.ERROR),
                SnapshotStatus.CREATING, null, null);
        Snapshot temporaryOfDownloading = new Snapshot(UUID.randomUUID().toString(),
                volume.withStatus(VolumeStatus.DOWNLOADING), SnapshotStatus.CREATING, null, "tmp-snap-x");
        Snapshot errorSnapshot = snapshot(UUID.randomUUID().toString()).withStatus(SnapshotStatus.ERROR);

        assertThatThrownBy(() -> driver.createSnapshot(ofError))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_VOLUME));
        driver.createSnapshot(temporaryOfDownloading);
        assertThatThrownBy(() -> driver.createVolumeFromSnapshot(Volume.create(UUID.randomUUID().toString(), 1),
                errorSnapshot))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_SNAPSHOT));
    }

    @Test
    void extendGrowsTheActiveImageAndRefusesShrinking() throws Exception {
        setUp("");
        takeSnapshots(1);

        driver.extendVolume(volume, 3);

        String active = driver.findVolume(volume.id()).orElseThrow().activeFile();
        assertThat(qemuImgInfo(share.resolve(active)).get("virtual-size").asLong()).isEqualTo(3 * GIB);
        assertThat(driver.findVolume(volume.id()).orElseThrow().size()).isEqualTo(3);
        Map<String, Long> before = listing(share);
        assertThatThrownBy(() -> driver.extendVolume(volume.withSize(3), 2))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThat(listing(share)).isEqualTo(before);
    }

    @Test
    void extendIsRefusedWhileAttached() {
        setUp("");

        assertThatThrownBy(() -> driver.extendVolume(volume.withAttachStatus(AttachStatus.ATTACHED), 2))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.EXTEND_VOLUME_ERROR));
    }

    @Test
    void revertDiscardsWhatWasWrittenSinceTheLatestSnapshot() throws Exception {
        setUp("");
        List<String> ids = takeSnapshots(2);
        writeActive(0x99, 0);
        writeActive(0x99, 3);

        driver.revertToSnapshot(volume, snapshot(ids.get(1)));

        assertThat(volumeMismatch(expectedAt(2, 4))).isNull();
        assertThat(info()).containsEntry("active", volume.name() + "." + ids.get(1));
        assertThatThrownBy(() -> driver.revertToSnapshot(volume, snapshot(ids.get(0))))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_SNAPSHOT));
    }

    @Test
    void aVolumeWithSnapshotsIsDeletedWhole() throws Exception {
        setUp("");
        takeSnapshots(3);

        driver.deleteVolume(volume);

        assertThat(listing(share)).containsOnlyKeys(".cinderSecureEnvIndicator");
    }
}
