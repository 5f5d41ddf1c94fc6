package org.remotefs.glusterfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.ShareRemount;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.registry.DriverRegistry;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.BackendConfig;
import org.remotefs.tck.QemuTools;
import org.remotefs.testing.GlusterServer;
import org.remotefs.testing.GlusterVolume;
import org.remotefs.testing.RecordingMount;

/**
 * The GlusterFS driver against a real glusterd and real FUSE mounts: what lands in the brick, the
 * capacity of the mount, the share choice over two volumes, stale mounts, remounts, and the bad
 * input of the issue (a volume that does not exist, a read-only volume, glusterd down). One
 * glusterd serves the whole class; its volumes and the mount base are shared by the tests, each of
 * which deletes the volumes it makes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class GlusterDriverIT {
    private static final long GIB = 1L << 30;
    private static final Connector HOST = Connector.ofHost("compute-1");

    private Path work;
    private Path base;
    private GlusterServer server;
    private GlusterVolume main;
    private GlusterVolume spare;
    private GlusterVolume readOnly;
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    void serve() throws IOException {
        work = Files.createTempDirectory("remotefs-gluster-it-");
        base = work.resolve("mnt");
        server = new GlusterServer().withWorkDirectory(work.resolve("glusterd")).start();
        main = server.createVolume("main", "3G");
        spare = server.createVolume("spare", "2G");
        readOnly = server.createVolume("readonly", "256M");
        server.setVolumeOption("readonly", "features.read-only", "on");
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        QemuTools.run("rm", "-rf", work.toString());
    }

    @AfterEach
    void cleanUp() {
        // in reverse: volumes go before what they depend on
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            cleanups.get(i).run();
        }
        cleanups.clear();
    }

    /** A glusterfs driver on these share lines, mounting under the class's base. */
    private VolumeDriver driver(String provisioning, String... shareLines) throws IOException {
        return driver(BackendConfig.of("gl").option("nas_volume_prov_type", provisioning), shareLines);
    }

    private VolumeDriver driver(BackendConfig backend, String... shareLines) throws IOException {
        Path shares = Files.writeString(work.resolve("glusterfs_shares-" + UUID.randomUUID()),
                String.join("\n", shareLines) + "\n");
        String text = backend.driver(GlusterFsDriverProvider.ID)
                .option("glusterfs_shares_config", shares)
                .option("glusterfs_mount_point_base", base)
                .option("nas_secure_file_operations", "false")
                .option("nas_secure_file_permissions", "false")
                .toHocon();
        ClassLoader loader = getClass().getClassLoader();
        return DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "test", loader), "gl");
    }

    /** Creates a volume, deleted after the test. */
    private Volume created(VolumeDriver driver, int sizeGib) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), sizeGib);
        ModelUpdate update = driver.createVolume(volume);
        Volume located = volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
        cleanups.add(() -> driver.deleteVolume(located));
        return located;
    }

    private Path mountPoint(String share) {
        return MountPoints.under(base, share);
    }

    private static long mountsAt(Path mountPoint) throws IOException {
        return Files.readAllLines(Path.of("/proc/mounts")).stream()
                .filter(line -> line.split(" ")[1].equals(mountPoint.toString())).count();
    }

    private static void assertCode(ThrowingRunnable call, ErrorCode code, String detail, String value) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.details()).containsEntry(detail, value);
        });
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ files and capacity

    @Test
    void whatTheDriverWritesLandsByteForByteInTheBrick() throws Exception {
        VolumeDriver driver = driver("thin", main.share());
        Volume volume = created(driver, 1);
        Path mounted = mountPoint(main.share());
        QemuTools.write(mounted.resolve(volume.name()), "qcow2", 0x5a, 0);
        String snapshot = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.CREATING, null, null));
        QemuTools.write(mounted.resolve(volume.name() + "." + snapshot), "qcow2", 0x6b, 1);

        List<String> files;
        try (var listing = Files.list(mounted)) {
            files = listing.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(volume.name())).sorted().toList();
        }
        assertThat(files).containsExactly(volume.name(), volume.name() + "." + snapshot, volume.name() + ".info");
        for (String file : files) {
            assertThat(Files.mismatch(mounted.resolve(file), main.brick().resolve(file))).as(file).isEqualTo(-1L);
        }
        assertThat(QemuTools.mismatch(main.brick().resolve(volume.name() + "." + snapshot), "qcow2", 0x5a, 0x6b))
                .as("the chain read from the brick").isNull();
        driver.deleteSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.DELETING, null, null));
    }

    @Test
    void capacityIsTheStatvfsOfTheMountAndTheFlagsFollowTheProvisioningType() throws Exception {
        VolumeStats thin = driver("thin", main.share()).getVolumeStats(true);
        VolumeStats thick = driver("thick", main.share()).getVolumeStats(true);

        String[] statvfs = QemuTools.run("stat", "-f", "-c", "%S %b %a", mountPoint(main.share()).toString())
                .strip().split(" ");
        double total = Long.parseLong(statvfs[0]) * Long.parseLong(statvfs[1]) / (double) GIB;
        double free = Long.parseLong(statvfs[0]) * Long.parseLong(statvfs[2]) / (double) GIB;
        assertThat(thin.totalCapacityGb()).isCloseTo(total, within(1e-9));
        assertThat(thin.freeCapacityGb()).isCloseTo(free, within(1e-9));
        assertThat(total).as("the 3G brick, as the mount shows it").isCloseTo(3.0, within(0.01));
        assertThat(thin.storageProtocol()).isEqualTo("glusterfs");
        assertThat(thin.volumeBackendName()).isEqualTo("GlusterFS");
        assertThat(thin.vendorName()).isEqualTo("Open Source");
        assertThat(thin.driverVersion()).isEqualTo("1.3.0");
        assertThat(thin.thinProvisioningSupport()).isTrue();
        assertThat(thin.thickProvisioningSupport()).isFalse();
        assertThat(thick.thinProvisioningSupport()).isFalse();
        assertThat(thick.thickProvisioningSupport()).isTrue();
        assertThat(thick.provisionedCapacityGb()).as("thick: used space").isCloseTo(total - free, within(0.01));
    }

    @Test
    void thinIsQcow2WithMetadataPreallocatedAndThickIsFullyAllocatedRaw() throws Exception {
        Volume thin = created(driver("thin", main.share()), 1);
        Volume thick = created(driver("thick", main.share()), 1);

        Path mounted = mountPoint(main.share());
        var thinInfo = QemuTools.info(mounted.resolve(thin.name()));
        var thickInfo = QemuTools.info(mounted.resolve(thick.name()));
        assertThat(thin.format()).isEqualTo("qcow2");
        assertThat(thinInfo.path("format").asText()).isEqualTo("qcow2");
        assertThat(thinInfo.path("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(thinInfo.path("actual-size").asLong()).isLessThan(GIB / 10);
        assertThat(thick.format()).isEqualTo("raw");
        assertThat(thickInfo.path("format").asText()).isEqualTo("raw");
        assertThat(thickInfo.path("actual-size").asLong()).isGreaterThanOrEqualTo(GIB);
        assertThat(Files.getPosixFilePermissions(mounted.resolve(thick.name())))
                .as("nas_secure_file_permissions = false: ugo+rw")
                .containsAll(java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    @Test
    void thickFallsBackToZerosWhereFallocateIsNotSupported() throws Exception {
        // the share is mounted for real first; the driver with the recording fallocate finds it mounted
        driver("thick", main.share()).doSetup();
        RecordingMount fake = new RecordingMount(work.resolve("fake-" + UUID.randomUUID())).withProgram("fallocate").start();
        fake.willAnswer("fail fallocate: fallocate failed: Operation not supported");
        VolumeDriver driver = driver(BackendConfig.of("gl").option("nas_volume_prov_type", "thick")
                .option("root_helper", fake.rootHelper()), main.share());

        Volume volume = created(driver, 1);

        assertThat(fake.calls("fallocate")).singleElement().satisfies(call -> assertThat(call).startsWith("--length=1G "));
        assertThat(fake.calls("mount")).isEmpty();
        var info = QemuTools.info(mountPoint(main.share()).resolve(volume.name()));
        assertThat(info.path("actual-size").asLong()).as("written with zeros").isGreaterThanOrEqualTo(GIB);
    }

    // ------------------------------------------------------------------ share choice

    @Test
    void aVolumeGoesToTheShareWithTheMostAvailableSpaceUntilNoneIsLargeEnough() throws Exception {
        GlusterVolume small = server.createVolume("small", "1200M");
        GlusterVolume large = server.createVolume("large", "1600M");
        cleanups.add(() -> server.deleteVolume("small"));
        cleanups.add(() -> server.deleteVolume("large"));
        VolumeDriver driver = driver("thick", small.share(), large.share());

        Volume first = created(driver, 1);
        Volume second = created(driver, 1);

        assertThat(first.providerLocation()).isEqualTo(large.share());
        assertThat(second.providerLocation()).as("the large share has less than the small one left")
                .isEqualTo(small.share());
        Volume third = Volume.create(UUID.randomUUID().toString(), 1);
        assertCode(() -> driver.createVolume(third), ErrorCode.NO_SUITABLE_SHARE, "size", "1");
        assertThat(driver.findVolume(third.id())).isEmpty();
    }

    // ------------------------------------------------------------------ volumes

    @Test
    void anExistingFileAtTheTargetIsRefusedAndNeverOverwritten() throws Exception {
        VolumeDriver driver = driver("thick", main.share());
        driver.doSetup();
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        Path stale = Files.writeString(mountPoint(main.share()).resolve(volume.name()), "someone's data");
        cleanups.add(() -> {
            try {
                Files.deleteIfExists(stale);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        assertCode(() -> driver.createVolume(volume), ErrorCode.VOLUME_EXISTS, "volume_id", volume.id());
        assertThat(Files.readString(stale)).isEqualTo("someone's data");
    }

    @Test
    void connectionInfoIsCindersGlusterFsShape() throws Exception {
        String options = "-o backup-volfile-servers=" + server.brickHost();
        VolumeDriver driver = driver("thin", spare.share() + " " + options);
        Volume volume = created(driver, 1);

        ConnectionInfo info = driver.initializeConnection(volume, HOST);

        assertThat(info.driverVolumeType()).isEqualTo("glusterfs");
        assertThat(info.mountPointBase()).isEqualTo(base.toString());
        assertThat(info.data()).containsExactly(Map.entry("export", spare.share()), Map.entry("name", volume.name()),
                Map.entry("options", options), Map.entry("format", "qcow2"));
        // the share line's options reached mount.glusterfs, which gave them to the FUSE client
        assertThat(server.clientCommandLine(mountPoint(spare.share())))
                .contains("--volfile-server=" + server.brickHost());
        assertThat(String.join(" ", server.clientCommandLine(mountPoint(spare.share()))))
                .containsPattern("--volfile-server=" + server.brickHost() + ".*--volfile-server=" + server.brickHost());
    }

    @Test
    void backupIsRefusedWithSnapshotsOrForQcow2AndAllowedForAPlainRawVolume() throws Exception {
        VolumeDriver thick = driver("thick", main.share());
        VolumeDriver thin = driver("thin", main.share());
        Volume raw = created(thick, 1);
        Volume qcow2 = created(thin, 1);

        assertThat(thick.backupVolume(raw, HOST).data()).containsEntry("name", raw.name()).containsEntry("format", "raw");
        // thin volumes are qcow2 files: Cinder's GlusterFS driver backed up raw volumes only
        assertCode(() -> thin.backupVolume(qcow2, HOST), ErrorCode.INVALID_VOLUME, "reason", "format");
        String snapshot = UUID.randomUUID().toString();
        thick.createSnapshot(new Snapshot(snapshot, raw, SnapshotStatus.CREATING, null, null));
        assertCode(() -> thick.backupVolume(raw, HOST), ErrorCode.INVALID_VOLUME, "reason", "snapshots");
        thick.deleteSnapshot(new Snapshot(snapshot, raw, SnapshotStatus.DELETING, null, null));
        assertThat(thick.backupVolume(raw, HOST).data()).containsEntry("name", raw.name());
    }

    // ------------------------------------------------------------------ mounts

    @Test
    void aStaleMountIsMountedAgainByTheNextOperation() throws Exception {
        VolumeDriver driver = driver("thin", main.share());
        Volume volume = created(driver, 1);
        Path mounted = mountPoint(main.share());

        server.breakMount(mounted);
        assertThatThrownBy(() -> Files.readAttributes(mounted, "unix:mode")).isInstanceOf(IOException.class);
        driver.extendVolume(volume, 2);

        assertThat(mountsAt(mounted)).isEqualTo(1);
        assertThat(QemuTools.info(mounted.resolve(volume.name())).path("virtual-size").asLong()).isEqualTo(2 * GIB);
    }

    @Test
    void setupLeavesALiveMountAloneAndAnExplicitRemountMountsAgainUnlessTheShareIsInUse() throws Exception {
        driver("thin", main.share()).doSetup();
        Path mounted = mountPoint(main.share());
        long client = server.clientPid(mounted);

        VolumeDriver driver = driver("thin", main.share());
        driver.doSetup();
        assertThat(server.clientPid(mounted)).as("the same FUSE mount").isEqualTo(client);

        Path busy = mounted.resolve(".busy-" + UUID.randomUUID());
        try (FileChannel open = FileChannel.open(busy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE)) {
            List<ShareRemount> inUse = driver.remountShares();
            assertThat(inUse).extracting(ShareRemount::remounted, r -> r.share().mounted()).containsExactly(tuple(false, true));
            assertThat(inUse.get(0).error().code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
            assertThat(inUse.get(0).error().details()).containsEntry("share", main.share());
            assertThat(server.clientPid(mounted)).isEqualTo(client);
        }

        List<ShareRemount> remounted = driver.remountShares();
        assertThat(remounted).extracting(ShareRemount::remounted, r -> r.share().mounted()).containsExactly(tuple(true, true));
        assertThat(server.clientPid(mounted)).as("a new FUSE mount").isNotEqualTo(client);
        assertThat(mountsAt(mounted)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void aVolumeTheServerDoesNotHaveIsNamedAndTheOtherSharesServe() throws Exception {
        String missing = server.brickHost() + ":/no-such-volume";
        VolumeDriver driver = driver("thin", missing, main.share());
        // mount.glusterfs logs each attempt; nothing is mounted there for the server to clean up
        cleanups.add(() -> GlusterServer.deleteClientLog(mountPoint(missing)));

        Volume volume = created(driver, 1);

        assertThat(volume.providerLocation()).isEqualTo(main.share());
        assertThat(driver.shares()).extracting(ShareState::address, ShareState::mounted)
                .containsExactly(tuple(missing, false), tuple(main.share(), true));
        Volume there = volume.withProviderLocation(missing);
        assertCode(() -> driver.ensureExport(there), ErrorCode.SHARE_IO_ERROR, "share", missing);
    }

    @Test
    void aMountRootTheServiceCannotWriteIsNamedAndTheOtherSharesServe() throws Exception {
        VolumeDriver driver = driver("thin", readOnly.share(), main.share());

        Volume volume = created(driver, 1);

        assertThat(volume.providerLocation()).isEqualTo(main.share());
        Volume there = volume.withProviderLocation(readOnly.share());
        assertCode(() -> driver.ensureExport(there), ErrorCode.SHARE_IO_ERROR, "share", readOnly.share());
        assertThat(mountsAt(mountPoint(readOnly.share()))).as("mounted, read-only").isEqualTo(1);
    }

    @Test
    void whileGlusterdIsDownAShareNotMountedYetIsNamedAndAMountedOneServes() throws Exception {
        String down = server.brickHost() + ":/" + spare.name() + "-down";
        server.createVolume(spare.name() + "-down");
        cleanups.add(() -> server.deleteVolume(spare.name() + "-down"));
        VolumeDriver driver = driver("thin", down, main.share());
        driver("thin", main.share()).doSetup();

        server.stopGlusterd();
        try {
            Volume volume = created(driver, 1);
            assertThat(volume.providerLocation()).isEqualTo(main.share());
            assertCode(() -> driver.ensureExport(volume.withProviderLocation(down)), ErrorCode.SHARE_IO_ERROR, "share",
                    down);
            assertThat(driver.shares()).extracting(ShareState::address, ShareState::mounted)
                    .containsExactly(tuple(down, false), tuple(main.share(), true));
        } finally {
            server.restartGlusterd();
        }
        driver.ensureExport(Volume.create(UUID.randomUUID().toString(), 1).withProviderLocation(down));
        assertThat(mountsAt(mountPoint(down))).isEqualTo(1);
    }
}
