package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.remotefs.core.localfs.LocalFsFixture.driver;
import static org.remotefs.core.localfs.LocalFsFixture.driverWithSharesFile;
import static org.remotefs.core.localfs.LocalFsFixture.listing;
import static org.remotefs.core.localfs.LocalFsFixture.qemuImgInfo;
import static org.remotefs.core.localfs.LocalFsFixture.run;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;

import com.fasterxml.jackson.databind.JsonNode;

/** The base driver on real files, with a real qemu-img. */
final class LocalFsDriverIT {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    private Path share() {
        return dir.resolve("share");
    }

    private static Volume newVolume(int size) {
        return Volume.create(UUID.randomUUID().toString(), size);
    }

    private static RemoteFsException error(Throwable e) {
        return (RemoteFsException) e;
    }

    @Test
    void createsASparseRawFileByDefault() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(2);

        ModelUpdate update = driver.createVolume(volume);

        Path file = share().resolve(volume.name());
        assertThat(update.providerLocation()).isEqualTo(share().toString());
        assertThat(update.adminMetadata()).containsEntry("format", "raw");
        JsonNode info = qemuImgInfo(file);
        assertThat(info.get("format").asText()).isEqualTo("raw");
        assertThat(info.get("virtual-size").asLong()).isEqualTo(2 * GIB);
        assertThat(info.get("actual-size").asLong()).isLessThan(GIB / 100);
    }

    @Test
    void createsAFullyAllocatedFileWhenNotSparse() throws Exception {
        VolumeDriver driver = driver(share(), "localfs_sparsed_volumes = false");
        Volume volume = newVolume(1);

        driver.createVolume(volume);

        JsonNode info = qemuImgInfo(share().resolve(volume.name()));
        assertThat(info.get("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(info.get("actual-size").asLong()).isGreaterThanOrEqualTo(GIB);
    }

    @Test
    void createsQcow2WithPreallocatedMetadataAndTheHeaderReaderAgreesWithQemuImg() throws Exception {
        VolumeDriver driver = driver(share(), "localfs_qcow2_volumes = true");
        Volume volume = newVolume(3);

        ModelUpdate update = driver.createVolume(volume);

        Path file = share().resolve(volume.name());
        JsonNode info = qemuImgInfo(file);
        assertThat(update.adminMetadata()).containsEntry("format", "qcow2");
        assertThat(info.get("format").asText()).isEqualTo("qcow2");
        assertThat(info.get("virtual-size").asLong()).isEqualTo(3 * GIB);
        // preallocation=metadata allocates the L2 tables: far more than an empty qcow2's 200 KiB
        assertThat(info.get("actual-size").asLong()).isGreaterThan(300 * 1024);
        ImageHeader header = new ImageHeaderReader().read(file);
        assertThat(header.format()).isEqualTo(ImageFormat.QCOW2);
        assertThat(header.virtualSize()).isEqualTo(info.get("virtual-size").asLong());
        assertThat(header.backingFile()).isEmpty();
    }

    @Test
    void theHeaderReaderReadsBackingNamesQemuImgWrote() throws Exception {
        Files.createDirectories(share());
        Path base = share().resolve("volume-base");
        Path overlay = share().resolve("volume-base.snap");
        run("qemu-img", "create", "-f", "raw", base.toString(), "1G");
        run("qemu-img", "create", "-f", "qcow2", "-b", "volume-base", "-F", "raw", overlay.toString());

        ImageHeader header = new ImageHeaderReader().read(overlay);
        JsonNode info = qemuImgInfo(overlay);

        assertThat(header.backingFile()).contains(info.get("backing-filename").asText());
        assertThat(header.virtualSize()).isEqualTo(info.get("virtual-size").asLong());
    }

    @Test
    void permissionsFollowTheSecureSetting() throws Exception {
        Volume secure = newVolume(1);
        driver(share(), "nas_secure_file_permissions = true").createVolume(secure);
        Volume open = newVolume(1);
        driver(dir.resolve("open"), "nas_secure_file_permissions = false").createVolume(open);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(share().resolve(secure.name()))))
                .isEqualTo("rw-rw----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("open").resolve(open.name()))))
                .isEqualTo("rw-rw-rw-");
    }

    @Test
    void copiesGetTheBackendsModeNotCindersUgoRw() throws Exception {
        // Cinder's NFS driver gives a volume from a snapshot chmod ugo+rw even in secure mode
        VolumeDriver secure = driver(share(), "nas_secure_file_permissions = true\nnas_secure_file_operations = false");
        secure.doSetup();
        Volume created = newVolume(1);
        Volume source = created.withProviderLocation(secure.createVolume(created).providerLocation())
                .withStatus(org.remotefs.api.model.VolumeStatus.AVAILABLE).withFormat("raw");
        org.remotefs.api.model.Snapshot snapshot = new org.remotefs.api.model.Snapshot(UUID.randomUUID().toString(),
                source, org.remotefs.api.model.SnapshotStatus.CREATING, null, null);
        secure.createSnapshot(snapshot);
        Volume fromSnapshot = newVolume(1);
        secure.createVolumeFromSnapshot(fromSnapshot, snapshot.withStatus(org.remotefs.api.model.SnapshotStatus.AVAILABLE));
        Volume clone = newVolume(1);
        secure.createClonedVolume(clone, source);

        for (Volume copy : List.of(fromSnapshot, clone)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(share().resolve(copy.name()))))
                    .as("mode of %s", copy.name()).isEqualTo("rw-rw----");
        }
    }

    @Test
    void autoSecurityOnANewShareWritesTheIndicatorAndOnAnUsedOneDoesNot() throws Exception {
        Volume first = newVolume(1);
        driver(share(), "").createVolume(first);
        assertThat(share().resolve(".cinderSecureEnvIndicator")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(share().resolve(first.name()))))
                .isEqualTo("rw-rw----");

        Path used = Files.createDirectories(dir.resolve("used"));
        Files.write(used.resolve("volume-" + UUID.randomUUID()), new byte[512]);
        Volume second = newVolume(1);
        driver(used, "").createVolume(second);
        assertThat(used.resolve(".cinderSecureEnvIndicator")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(used.resolve(second.name()))))
                .isEqualTo("rw-rw-rw-");
    }

    @Test
    void aSecondCreateOfOneIdIsRefusedAndTheFileIsKept() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        driver.createVolume(volume);
        Files.write(share().resolve(volume.name()), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.WRITE);
        Map<String, Long> before = listing(share());

        assertThatThrownBy(() -> driver.createVolume(volume.withSize(5)))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.VOLUME_EXISTS));
        assertThat(listing(share())).isEqualTo(before);
        assertThat(Files.readAllBytes(share().resolve(volume.name()))[0]).isEqualTo((byte) 1);
    }

    @Test
    void deleteRemovesTheVolumeItsOverlaysAndItsInfoFileAndNothingElse() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        Volume other = newVolume(1);
        driver.createVolume(volume);
        driver.createVolume(other);
        String snapshot = UUID.randomUUID().toString();
        Path overlay = share().resolve(volume.name() + "." + snapshot);
        run("qemu-img", "create", "-f", "qcow2", "-b", volume.name(), "-F", "raw", overlay.toString());
        Files.writeString(share().resolve(volume.name() + ".info"),
                "{\n \"" + snapshot + "\": \"" + overlay.getFileName() + "\",\n \"active\": \"" + overlay.getFileName()
                        + "\"\n}");

        driver.deleteVolume(volume.withProviderLocation(share().toString()));

        assertThat(listing(share())).containsOnlyKeys(other.name(), ".cinderSecureEnvIndicator");
    }

    @Test
    void deleteLeavesAloneFilesTheInfoFileNamesOutsideTheVolume() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        driver.createVolume(volume);
        Path bystander = Files.writeString(dir.resolve("bystander"), "keep");
        Files.writeString(share().resolve(volume.name() + ".info"),
                "{\"active\": \"../bystander\", \"x\": \"/etc/hostname\"}");

        driver.deleteVolume(volume.withProviderLocation(share().toString()));

        assertThat(bystander).hasContent("keep");
        assertThat(share().resolve(volume.name())).doesNotExist();
    }

    @Test
    void deleteWithoutProviderLocationDoesNothing() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        driver.createVolume(volume);
        Map<String, Long> before = listing(share());

        driver.deleteVolume(volume);

        assertThat(listing(share())).isEqualTo(before);
    }

    @Test
    void deleteIsIdempotent() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1).withProviderLocation(share().toString());
        driver.createVolume(volume);

        driver.deleteVolume(volume);
        driver.deleteVolume(volume);

        assertThat(share().resolve(volume.name())).doesNotExist();
    }

    @Test
    void aCorruptInfoFileStopsDeleteWithoutChangingAnything() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        driver.createVolume(volume);
        Files.writeString(share().resolve(volume.name() + ".info"), "{\"active\": ");
        Map<String, Long> before = listing(share());

        assertThatThrownBy(() -> driver.deleteVolume(volume.withProviderLocation(share().toString())))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.INVALID_VOLUME));
        assertThat(listing(share())).isEqualTo(before);
    }

    @Test
    void connectionInfoHasCindersShape() throws Exception {
        VolumeDriver driver = driver(share(), "localfs_qcow2_volumes = true");
        Volume volume = newVolume(1);
        driver.createVolume(volume);

        ConnectionInfo info = driver.initializeConnection(volume.withProviderLocation(share().toString()),
                Connector.ofHost("node1"));

        assertThat(info.driverVolumeType()).isEqualTo("local");
        assertThat(info.data()).containsEntry("export", share().toString())
                .containsEntry("name", volume.name())
                .containsEntry("format", "qcow2")
                .containsEntry("device_path", share().resolve(volume.name()).toString())
                .containsKey("options");
        assertThat(info.mountPointBase()).isNull();
    }

    @Test
    void connectionNamesTheActiveImageOfTheInfoFile() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1).withProviderLocation(share().toString());
        driver.createVolume(volume);
        String overlay = volume.name() + "." + UUID.randomUUID();
        run("qemu-img", "create", "-f", "qcow2", "-b", volume.name(), "-F", "raw", share().resolve(overlay).toString());
        Files.writeString(share().resolve(volume.name() + ".info"), "{\"active\": \"" + overlay + "\"}");

        ConnectionInfo info = driver.initializeConnection(volume, Connector.ofHost("node1"));

        assertThat(info.data()).containsEntry("name", overlay).containsEntry("format", "qcow2");
    }

    @Test
    void anImageLargerThanTheVolumeIsRefusedAsAPossibleExploit() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1).withProviderLocation(share().toString());
        driver.createVolume(volume);
        run("qemu-img", "create", "-f", "qcow2", share().resolve(volume.name()).toString(), "5G");

        assertThatThrownBy(() -> driver.initializeConnection(volume, Connector.ofHost("node1")))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.INVALID_VOLUME));
    }

    @Test
    void aRawVolumeWhoseGuestWroteAQcow2HeaderStaysRaw() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1).withProviderLocation(share().toString()).withFormat("raw");
        driver.createVolume(volume);
        Path evil = dir.resolve("evil.qcow2");
        run("qemu-img", "create", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw", evil.toString(), "1G");
        byte[] header = Files.readAllBytes(evil);
        try (var file = java.nio.channels.FileChannel.open(share().resolve(volume.name()),
                java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(header), 0);
        }

        ConnectionInfo info = driver.initializeConnection(volume, Connector.ofHost("node1"));

        assertThat(info.data()).containsEntry("format", "raw");
    }

    @Test
    void aForgedHeaderInAVolumeOfUnknownFormatIsRefusedNotConnected() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1).withProviderLocation(share().toString());
        driver.createVolume(volume);
        Path evil = dir.resolve("evil.qcow2");
        run("qemu-img", "create", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw", evil.toString(), "100G");
        byte[] header = Files.readAllBytes(evil);
        try (var file = java.nio.channels.FileChannel.open(share().resolve(volume.name()),
                java.nio.file.StandardOpenOption.WRITE)) {
            file.write(java.nio.ByteBuffer.wrap(header), 0);
        }

        // the command line knows no recorded format: the header is probed, and its backing file refused
        assertThatThrownBy(() -> driver.initializeConnection(volume.withSize(100), Connector.ofHost("node1")))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.INVALID_BACKING_FILE));
    }

    @Test
    void oneVolumeWithACorruptInfoFileDoesNotHideTheOthers() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume good = newVolume(1);
        Volume bad = newVolume(1);
        driver.createVolume(good);
        driver.createVolume(bad);
        Files.writeString(share().resolve(bad.name() + ".info"), "{\"active\": ");

        assertThat(driver.listVolumes()).extracting(StoredVolume::id).containsExactly(good.id());
        assertThatThrownBy(() -> driver.findVolume(bad.id()))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.INVALID_VOLUME));
    }

    @Test
    void deleteRemovesWhatInterruptedOperationsLeft() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1).withProviderLocation(share().toString());
        driver.createVolume(volume);
        Files.writeString(share().resolve(volume.name() + ".info.tmp-" + UUID.randomUUID()), "{");
        Files.writeString(share().resolve(volume.name() + ".tmp-image-" + UUID.randomUUID()), "x");
        Volume other = newVolume(1);
        driver.createVolume(other);

        driver.deleteVolume(volume);

        assertThat(listing(share())).containsOnlyKeys(other.name(), ".cinderSecureEnvIndicator");
    }

    @Test
    void connectingAVolumeWithoutFileOrLocationIsAnError() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        // the share is there, the volume's file is not (a share whose directory is gone is
        // SHARE_UNAVAILABLE: LocalFsShareHangsMidOperationIT)
        Files.createDirectories(share());

        assertThatThrownBy(() -> driver.initializeConnection(volume, Connector.ofHost("n")))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.INVALID_VOLUME));
        assertThatThrownBy(() -> driver.initializeConnection(volume.withProviderLocation(share().toString()),
                Connector.ofHost("n")))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.VOLUME_NOT_FOUND));
    }

    @Test
    void statsAgreeWithStatvfsAndTrackProvisionedBytes() throws Exception {
        VolumeDriver driver = driver(share(), "reserved_percentage = 5\nmax_over_subscription_ratio = 1.5");
        driver.createVolume(newVolume(2));

        VolumeStats stats = driver.getVolumeStats(true);

        FileStore store = Files.getFileStore(share());
        assertThat(stats.volumeBackendName()).isEqualTo("Generic_Local");
        assertThat(stats.vendorName()).isEqualTo("Open Source");
        assertThat(stats.storageProtocol()).isEqualTo("local");
        assertThat(stats.totalCapacityGb()).isEqualTo(store.getTotalSpace() / (double) GIB);
        assertThat(stats.freeCapacityGb()).isCloseTo(store.getUsableSpace() / (double) GIB,
                org.assertj.core.data.Offset.offset(0.05));
        assertThat(stats.provisionedCapacityGb()).isEqualTo(2.0);
        assertThat(stats.reservedPercentage()).isEqualTo(5);
        assertThat(stats.maxOverSubscriptionRatio()).isEqualTo(1.5);
        assertThat(stats.thinProvisioningSupport()).isTrue();
        assertThat(stats.thickProvisioningSupport()).isFalse();

        driver.createVolume(newVolume(3));
        assertThat(driver.getVolumeStats(false).provisionedCapacityGb()).isEqualTo(2.0);
        assertThat(driver.getVolumeStats(true).provisionedCapacityGb()).isEqualTo(5.0);
    }

    @Test
    void aThickCreateAllocatesTheWholeFile() throws Exception {
        // judged on the volume's own file, not on the file system's free space, which any other
        // process writing beside the share moves at the same time
        Path share = share();
        VolumeDriver driver = driver(share, "localfs_sparsed_volumes = false\nvolume_backend_name = gold");
        Volume volume = newVolume(1);

        driver.createVolume(volume);

        Path file = share.resolve(volume.name());
        assertThat(Files.size(file)).isEqualTo(1L << 30);
        assertThat(LocalFsFixture.qemuImgInfo(file).path("actual-size").asLong())
                .as("bytes allocated to %s", file).isGreaterThanOrEqualTo(1L << 30);
        VolumeStats after = driver.getVolumeStats(true);
        assertThat(after.volumeBackendName()).isEqualTo("gold");
        assertThat(after.thickProvisioningSupport()).isTrue();
        assertThat(after.freeCapacityGb()).isLessThanOrEqualTo(after.totalCapacityGb() - 1);
    }

    @Test
    void theVolumeGoesToTheShareWithTheLeastAllocated() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.write(a.resolve("big-file"), new byte[1 << 20]);
        Path shares = Files.writeString(dir.resolve("shares"), a + "\n" + b + "\n");
        VolumeDriver driver = driverWithSharesFile(shares, "");

        ModelUpdate update = driver.createVolume(newVolume(1));

        assertThat(update.providerLocation()).isEqualTo(b.toString());
    }

    @Test
    void noSuitableShareChangesNothing() throws Exception {
        VolumeDriver driver = driver(share(), "max_over_subscription_ratio = 1.0");
        driver.doSetup();
        Map<String, Long> before = listing(share());

        assertThatThrownBy(() -> driver.createVolume(newVolume(1_000_000)))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.NO_SUITABLE_SHARE));
        assertThat(listing(share())).isEqualTo(before);
    }

    @Test
    void aSharesFileWithOnlyBadLinesLeavesNoShareMounted() throws Exception {
        Path shares = Files.writeString(dir.resolve("shares"), "relative/dir\n  /indented\n");
        VolumeDriver driver = driverWithSharesFile(shares, "");

        assertThatThrownBy(driver::doSetup)
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.NO_SHARES_MOUNTED));
        assertThat(dir.resolve("relative")).doesNotExist();
    }

    @Test
    void aBadLineIsSkippedAndTheOtherSharesServe() throws Exception {
        Path shares = Files.writeString(dir.resolve("shares"), "relative/dir\n" + share() + "\n");
        VolumeDriver driver = driverWithSharesFile(shares, "");

        ModelUpdate update = driver.createVolume(newVolume(1));

        assertThat(update.providerLocation()).isEqualTo(share().toString());
        assertThat(driver.shares()).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo(share().toString());
            assertThat(s.origin()).isEqualTo(shares + ":2");
            assertThat(s.mounted()).isTrue();
        });
    }

    @Test
    void aMissingSharesFileIsAConfigurationError() {
        VolumeDriver driver = driverWithSharesFile(dir.resolve("missing"), "");

        assertThatThrownBy(driver::doSetup)
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE));
    }

    @Test
    void volumesAreFoundByTheirFiles() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        driver.createVolume(volume);
        Files.writeString(share().resolve("volume-not-a-uuid"), "x");
        Files.writeString(share().resolve("unrelated"), "x");

        StoredVolume found = driver.findVolume(volume.id()).orElseThrow();

        assertThat(driver.listVolumes()).extracting(StoredVolume::id).containsExactly(volume.id());
        assertThat(found.name()).isEqualTo(volume.name());
        assertThat(found.size()).isEqualTo(1);
        assertThat(found.providerLocation()).isEqualTo(share().toString());
        assertThat(found.path()).isEqualTo(share().resolve(volume.name()).toString());
        assertThat(found.activeFile()).isEqualTo(volume.name());
        assertThat(found.format()).isEqualTo("raw");
        assertThat(found.snapshotIds()).isEmpty();
        assertThat(driver.findVolume(UUID.randomUUID().toString())).isEmpty();
        assertThatThrownBy(() -> driver.findVolume("../../etc"))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void snapshotsAreListedOldestFirstFromTheChain() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        driver.createVolume(volume);
        String older = "ffffffff-0000-4000-8000-000000000000";
        String newer = "00000000-0000-4000-8000-000000000000";
        Path first = share().resolve(volume.name() + "." + older);
        Path second = share().resolve(volume.name() + "." + newer);
        run("qemu-img", "create", "-f", "qcow2", "-b", volume.name(), "-F", "raw", first.toString());
        run("qemu-img", "create", "-f", "qcow2", "-b", first.getFileName().toString(), "-F", "qcow2", second.toString());
        Files.writeString(share().resolve(volume.name() + ".info"), "{\n \"" + newer + "\": \"" + second.getFileName()
                + "\",\n \"" + older + "\": \"" + first.getFileName() + "\",\n \"active\": \"" + second.getFileName() + "\"\n}");

        StoredVolume found = driver.findVolume(volume.id()).orElseThrow();

        assertThat(found.snapshotIds()).containsExactly(older, newer);
        assertThat(found.activeFile()).isEqualTo(second.getFileName().toString());
        assertThat(found.format()).isEqualTo("qcow2");
    }

    @Test
    void encryptedVolumesAreRefusedByADriverWithoutEncryption() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Map<String, Long> before = listing(share());

        assertThatThrownBy(() -> driver.createVolume(newVolume(1).withEncryptionKeyId("key-1")))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThat(listing(share())).isEqualTo(before);
    }

    @Test
    void operationsLocalfsDoesNotDeclareAreRefusedWithTheUnsupportedCode() throws Exception {
        VolumeDriver driver = driver(share(), "");
        Volume volume = newVolume(1);
        driver.createVolume(volume);
        Volume attached = volume.withProviderLocation(share().toString()).withStatus(VolumeStatus.IN_USE)
                .withAttachStatus(AttachStatus.ATTACHED);
        Snapshot online = new Snapshot(UUID.randomUUID().toString(), attached, SnapshotStatus.CREATING, null, null);
        Map<String, Long> before = listing(share());

        assertThatThrownBy(() -> driver.createSnapshot(online))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> driver.manageExisting(volume, Map.of("source-name", "x")))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> driver.createVolume(newVolume(1).withEncryptionKeyId("k")))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThat(listing(share())).isEqualTo(before);
    }

    @Test
    void aMigratedVolumeTakesItsOriginalNameWhenItWasAvailable() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.write(a.resolve("busy"), new byte[1 << 20]);
        VolumeDriver driver = driverWithSharesFile(Files.writeString(dir.resolve("shares"), a + "\n" + b + "\n"), "");
        Volume original = newVolume(1).withProviderLocation(a.toString());
        Files.write(a.resolve(original.name()), new byte[0]);
        Volume moved = newVolume(1);
        ModelUpdate created = driver.createVolume(moved);
        moved = moved.withProviderLocation(created.providerLocation());

        ModelUpdate update = driver.updateMigratedVolume(original, moved, VolumeStatus.AVAILABLE);

        assertThat(created.providerLocation()).isEqualTo(b.toString());
        assertThat(b.resolve(original.name())).exists();
        assertThat(b.resolve(moved.name())).doesNotExist();
        assertThat(update.toCinderMap()).containsEntry("provider_location", b.toString()).containsEntry("_name_id", null);
        assertThat(driver.updateMigratedVolume(original, newVolume(1).withProviderLocation(b.toString()),
                VolumeStatus.IN_USE).nameId().value()).isNotNull();
    }

    @Test
    void aFailedCreateLeavesNoPartialFile() throws Exception {
        VolumeDriver driver = driver(share(), "localfs_qcow2_volumes = true\nroot_helper = /nonexistent/helper\n"
                + "nas_secure_file_operations = false");
        Files.createDirectories(share());
        Files.writeString(share().resolve(".cinderSecureEnvIndicator"), "x");

        assertThatThrownBy(() -> driver.createVolume(newVolume(1)))
                .satisfies(e -> assertThat(error(e).code()).isEqualTo(ErrorCode.PROCESS_EXECUTION));
        assertThat(listing(share())).containsOnlyKeys(".cinderSecureEnvIndicator");
    }

    @Test
    void checkForSetupErrorFindsTheToolsTheVolumeKindNeeds() {
        driver(share(), "localfs_qcow2_volumes = true").checkForSetupError();
        driver(share(), "localfs_sparsed_volumes = false").checkForSetupError();
    }

    @Test
    void localDirectoriesAreNoMountsAndCannotBeRemounted() throws Exception {
        VolumeDriver driver = driver(share(), "");

        assertThatThrownBy(driver::remountShares).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThat(share()).doesNotExist();
    }
}
