package org.remotefs.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.PoolStats;
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
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.TmpfsShare;

/**
 * The SMB driver for real (qemu-img, files, pools, capacity) on tmpfs stand-ins mounted at the
 * shares' hashed mount points, with the share string as device; the shares file as an operator
 * writes it, a password included.
 */
final class SmbDriverIT {
    private static final String GOLD = "//127.0.0.1/gold";
    private static final String SILVER = "//127.0.0.1/volumes/silver";
    private static final String UNREACHABLE = "//127.0.0.2/nowhere";
    private static final String PASSWORD = "S3,cr=t pw";
    private static final String GOLD_OPTIONS = "-o username=CORP\\alice,password=\"" + PASSWORD + "\",vers=3.0";

    @TempDir
    Path dir;

    private Path base;
    private RecordingMount fake;
    private final List<TmpfsShare> standIns = new ArrayList<>();

    @BeforeEach
    void mount() throws Exception {
        base = dir.resolve("mnt");
        fake = new RecordingMount(dir).withFilesystemType("cifs").start();
        standIns.add(new TmpfsShare(GOLD).withMountPoint(MountPoints.under(base, GOLD)).withSize("2G").start());
        standIns.add(new TmpfsShare(SILVER).withMountPoint(MountPoints.under(base, SILVER)).withSize("1G").start());
    }

    @AfterEach
    void unmount() {
        standIns.forEach(TmpfsShare::close);
    }

    private Path gold() {
        return standIns.get(0).mountPoint();
    }

    private VolumeDriver driver(Map<String, Object> options, String... shareLines) throws Exception {
        Path shares = Files.write(dir.resolve("smbfs_shares"), List.of(shareLines));
        BackendConfig backend = BackendConfig.of("smb1").driver("smbfs")
                .option("smbfs_shares_config", shares)
                .option("smbfs_mount_point_base", base)
                .option("nas_secure_file_operations", false)
                .option("root_helper", fake.rootHelper());
        for (Map.Entry<String, Object> option : options.entrySet()) {
            backend = option.getValue() instanceof Double d ? backend.option(option.getKey(), d)
                    : backend.option(option.getKey(), option.getValue().toString());
        }
        ClassLoader loader = getClass().getClassLoader();
        return DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(backend.toHocon(), "test", loader),
                "smb1");
    }

    private VolumeDriver standard(Map<String, Object> options) throws Exception {
        return driver(options, GOLD + " " + GOLD_OPTIONS, SILVER, UNREACHABLE + " user=bob,password=\"" + PASSWORD + "\"");
    }

    private static Volume located(Volume volume, ModelUpdate update) {
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
    }

    private static Volume inPool(String pool, int size) {
        return Volume.create(UUID.randomUUID().toString(), size).withHost("host@smb1#" + pool);
    }

    private static ErrorCode codeOf(Runnable action) {
        try {
            action.run();
        } catch (RemoteFsException e) {
            return e.code();
        }
        throw new AssertionError("no RemoteFsException");
    }

    @Test
    void volumesOfEveryFormatAreNamedAsTheLinuxDriverNamesThem() throws Exception {
        fake.willAnswer("fail mount error(113): could not connect", "fail again");
        // room for a qcow2 volume's preallocated metadata and a vhdx extended through a raw copy
        VolumeDriver driver = standard(Map.of("smbfs_oversub_ratio", 4.0));
        Volume qcow2 = Volume.create(UUID.randomUUID().toString(), 1).withHost("host@smb1#gold");
        Volume vhd = qcow2.withTypeExtraSpecs(Map.of("volume_format", "vhd"));
        Volume asksVhdx = Volume.create(UUID.randomUUID().toString(), 1).withHost("host@smb1#gold")
                .withTypeExtraSpecs(Map.of("volume_format", "vhdx"));

        Volume created = located(qcow2, driver.createVolume(qcow2));
        Volume vhdx = located(asksVhdx, driver.createVolume(asksVhdx));
        String snapshot = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(snapshot, created, SnapshotStatus.CREATING, null, null));

        assertThat(created.providerLocation()).isEqualTo(GOLD);
        assertThat(created.format()).isEqualTo("qcow2");
        assertThat(ByteBuffer.wrap(Files.readAllBytes(gold().resolve(created.name()))).getInt(0)).isEqualTo(0x514649fb);
        assertThat(gold().resolve(created.name() + "." + snapshot)).exists();
        assertThat(Files.readString(gold().resolve(created.name() + ".info"))).contains(snapshot);
        assertThat(gold().resolve(vhdx.name() + ".vhdx")).exists();
        assertThat(new String(Files.readAllBytes(gold().resolve(vhdx.name() + ".vhdx")), 0, 8,
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("vhdxfile");
        assertThat(driver.findVolume(vhdx.id()).orElseThrow().format()).isEqualTo("vhdx");
        // a volume id that is the vhd-asking twin of an existing one is refused, nothing written
        assertThat(codeOf(() -> driver.createVolume(vhd))).isEqualTo(ErrorCode.VOLUME_EXISTS);

        // vhd/vhdx: no snapshots; extend through a raw copy
        assertThat(codeOf(() -> driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), vhdx,
                SnapshotStatus.CREATING, null, null)))).isEqualTo(ErrorCode.INVALID_VOLUME);
        driver.extendVolume(vhdx, 2);
        assertThat(driver.findVolume(vhdx.id()).orElseThrow().virtualSizeBytes()).isEqualTo(2L << 30);
        // raw cannot be told apart from the qcow2 default under plain names; vmdk is no format
        assertThat(codeOf(() -> driver.createVolume(Volume.create(UUID.randomUUID().toString(), 1)
                .withTypeExtraSpecs(Map.of("volume_format", "raw"))))).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(codeOf(() -> driver.createVolume(Volume.create(UUID.randomUUID().toString(), 1)
                .withTypeExtraSpecs(Map.of("volume_format", "vmdk"))))).isEqualTo(ErrorCode.INVALID_INPUT);

        driver.deleteVolume(created);
        driver.deleteVolume(vhdx);
        try (var left = Files.list(gold())) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("volume-"));
        }
    }

    @Test
    void connectionInfoCarriesTheSharesOptionsCredentialsIncludedAndNothingElseShowsThePassword() throws Exception {
        fake.willAnswer("fail mount error(13): Permission denied, password " + PASSWORD);
        VolumeDriver driver = standard(Map.of());
        Volume volume = inPool("gold", 1);
        volume = located(volume, driver.createVolume(volume));

        ConnectionInfo info = driver.initializeConnection(volume, Connector.ofHost("compute-1"));
        List<ShareState> shares = driver.shares();

        assertThat(info.driverVolumeType()).isEqualTo("smbfs");
        assertThat(info.mountPointBase()).isEqualTo(base.toRealPath().toString());
        assertThat(info.data()).containsEntry("export", GOLD).containsEntry("name", volume.name())
                .containsEntry("options", GOLD_OPTIONS).containsEntry("format", "qcow2");
        assertThat(shares).extracting(ShareState::address, ShareState::options, ShareState::mounted).containsExactly(
                tuple(GOLD, "-o username=CORP\\alice,password=***,vers=3.0", true),
                tuple(SILVER, null, true),
                tuple(UNREACHABLE, "user=bob,password=***", false));
        // the unreachable share was tried once, its password through a file that is gone
        assertThat(fake.calls("mount")).isNotEmpty().allSatisfy(call -> assertThat(call)
                .startsWith("-t cifs -o noperm,file_mode=0775,dir_mode=0775 -o credentials=")
                .endsWith(" " + UNREACHABLE + " " + MountPoints.under(base.toRealPath(), UNREACHABLE))
                .doesNotContain("S3,cr"));
        assertThat(shares.toString()).doesNotContain("S3,cr");
    }

    @Test
    void oneCindersPoolPerShareNamedByTheMappingsOrTheShareReportingSmbfsOversubRatio() throws Exception {
        fake.willAnswer("fail refused", "fail refused");
        VolumeDriver driver = standard(Map.of("smbfs_pool_mappings", GOLD + ":fast", "smbfs_oversub_ratio", 2.5,
                "reserved_percentage", "7"));

        VolumeStats stats = driver.getVolumeStats(true);

        assertThat(stats.volumeBackendName()).isEqualTo("Generic_SMBFS");
        assertThat(stats.storageProtocol()).isEqualTo("smbfs");
        assertThat(stats.totalCapacityGb()).isZero();
        assertThat(stats.pools()).extracting(PoolStats::poolName, PoolStats::maxOverSubscriptionRatio,
                PoolStats::reservedPercentage).containsExactly(tuple("fast", 2.5, 7), tuple("volumes\\silver", 2.5, 7));
        assertThat(stats.pools().get(1).totalCapacityGb()).isEqualTo(1.0);
        Volume silver = inPool("volumes\\silver", 1);
        assertThat(driver.createVolume(silver).providerLocation()).isEqualTo(SILVER);
        assertThat(codeOf(() -> driver.createVolume(inPool("gold", 1)))).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void placementFollowsTheLinuxDriversThreeRulesWithSmbfsUsedAndOversubRatio() throws Exception {
        fake.willAnswer("fail refused", "fail refused", "fail refused", "fail refused");
        // silver (1 GiB) is 30 % used
        try (var file = new java.io.RandomAccessFile(standIns.get(1).mountPoint().resolve("data").toFile(), "rw")) {
            file.write(new byte[300 << 20]);
        }
        VolumeDriver strict = standard(Map.of("smbfs_used_ratio", 0.25, "smbfs_oversub_ratio", 0.8));

        // used ratio: silver is too full for any volume
        assertThat(codeOf(() -> strict.createVolume(inPool("volumes\\silver", 1)))).isEqualTo(ErrorCode.NO_SUITABLE_SHARE);
        // apparent free space: 2 GiB * 0.8 = 1.6 GiB, not more than 2 GiB
        assertThat(codeOf(() -> strict.createVolume(inPool("gold", 2)))).isEqualTo(ErrorCode.NO_SUITABLE_SHARE);
        // a volume without a pool goes to the one eligible share
        assertThat(strict.createVolume(Volume.create(UUID.randomUUID().toString(), 1)).providerLocation())
                .isEqualTo(GOLD);
        // then 1.6 GiB less the 1 GiB allocated is no room for another
        assertThat(codeOf(() -> strict.createVolume(inPool("gold", 1)))).isEqualTo(ErrorCode.NO_SUITABLE_SHARE);
        VolumeDriver generous = standard(Map.of("smbfs_oversub_ratio", 3.0));
        assertThat(generous.createVolume(inPool("gold", 2)).providerLocation()).isEqualTo(GOLD);
    }

    @Test
    void badOptionsAreRefusedNamingTheOption() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("smbfs_used_ratio", 0.0),
                Map.of("smbfs_used_ratio", 1.5), Map.of("smbfs_oversub_ratio", 0.0),
                Map.of("smbfs_default_volume_format", "vmdk"), Map.of("smbfs_mount_point_base", "relative/mnt"))) {
            assertThatThrownBy(() -> standard(bad))
                    .as("%s", bad)
                    .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                        assertThat(e.details()).containsEntry("option", bad.keySet().iterator().next());
                    });
        }
    }

    @Test
    void twoSharesWithOnePoolNameAreRefusedAtSetupNamingBoth() throws Exception {
        VolumeDriver driver = standard(Map.of("smbfs_pool_mappings", GOLD + ":same," + SILVER + ":same"));

        assertThatThrownBy(driver::doSetup).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
            assertThat(e.details()).containsEntry("pool", "same").containsEntry("shares", GOLD + "," + SILVER);
        });
    }

    @Test
    void aLineNotInDoubleSlashFormIsSkippedAndTheOtherSharesServe() throws Exception {
        VolumeDriver driver = driver(Map.of(), "\\\\127.0.0.1\\gold user=a,password=" + PASSWORD, "127.0.0.1:/gold",
                GOLD + " " + GOLD_OPTIONS);

        assertThat(driver.shares()).extracting(ShareState::address).containsExactly(GOLD);
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        assertThat(driver.createVolume(volume).providerLocation()).isEqualTo(GOLD);
        assertThat(fake.calls()).isEmpty();
    }

    private static void qemuImg(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    @Test
    void aSnapshotsDataIsConnectedReadOnlyForBackups() throws Exception {
        VolumeDriver driver = standard(Map.of());
        Volume volume = inPool("gold", 1);
        volume = located(volume, driver.createVolume(volume));
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(first, volume, SnapshotStatus.CREATING, null, null));
        driver.createSnapshot(new Snapshot(second, volume, SnapshotStatus.CREATING, null, null));

        ConnectionInfo oldest = driver.initializeConnectionSnapshot(
                new Snapshot(first, volume, SnapshotStatus.AVAILABLE, null, null), Connector.ofHost("backup-1"));
        ConnectionInfo latest = driver.initializeConnectionSnapshot(
                new Snapshot(second, volume, SnapshotStatus.AVAILABLE, null, null), Connector.ofHost("backup-1"));

        assertThat(oldest.driverVolumeType()).isEqualTo("smbfs");
        assertThat(oldest.data()).containsEntry("export", GOLD).containsEntry("name", volume.name())
                .containsEntry("format", "qcow2").containsEntry("access_mode", "ro")
                .containsEntry("options", GOLD_OPTIONS);
        assertThat(latest.data()).containsEntry("name", volume.name() + "." + first).containsEntry("access_mode", "ro");
        Volume located = volume;
        assertThat(codeOf(() -> driver.initializeConnectionSnapshot(new Snapshot(UUID.randomUUID().toString(), located,
                SnapshotStatus.AVAILABLE, null, null), Connector.ofHost("b")))).isEqualTo(ErrorCode.SNAPSHOT_NOT_FOUND);
    }

    @Test
    void anExistingImageIsManagedByRenamingItUnderTheLinuxDriversNames() throws Exception {
        VolumeDriver driver = standard(Map.of("smbfs_oversub_ratio", 4.0));
        Path imports = Files.createDirectories(gold().resolve("imports"));
        qemuImg("create", "-q", "-f", "vhdx", imports.resolve("Disk.VHDX").toString(), "1536M");
        qemuImg("create", "-q", "-f", "qcow2", imports.resolve("disk.qcow2").toString(), "1G");
        qemuImg("create", "-q", "-f", "qcow2", "-b", "disk.qcow2", "-F", "qcow2",
                imports.resolve("child.qcow2").toString());
        Files.write(imports.resolve("plain.img"), new byte[1 << 20]);
        Volume vhdx = Volume.create(UUID.randomUUID().toString(), 2);
        Map<String, String> reference = Map.of("source-name", GOLD + "/imports/Disk.VHDX");

        assertThat(driver.manageExistingGetSize(vhdx, reference)).isEqualTo(2);
        ModelUpdate update = driver.manageExisting(vhdx, reference);

        assertThat(update.providerLocation()).isEqualTo(GOLD);
        assertThat(update.adminMetadata()).containsEntry("format", "vhdx");
        assertThat(imports.resolve("Disk.VHDX")).doesNotExist();
        assertThat(gold().resolve(vhdx.name() + ".vhdx")).exists();
        assertThat(driver.findVolume(vhdx.id()).orElseThrow().virtualSizeBytes()).isEqualTo(1536L << 20);
        // a qcow2 image on the qcow2-default backend is volume-<id>
        Volume qcow2 = Volume.create(UUID.randomUUID().toString(), 1);
        driver.manageExisting(qcow2, Map.of("source-name", GOLD + "/imports/disk.qcow2"));
        assertThat(gold().resolve(qcow2.name())).exists();
        // unmanage forgets the volume and leaves its file
        driver.unmanage(located(qcow2, update));
        assertThat(gold().resolve(qcow2.name())).exists();

        Volume other = Volume.create(UUID.randomUUID().toString(), 1);
        assertThat(codeOf(() -> driver.manageExisting(other, Map.of("source-name", GOLD + "/imports/child.qcow2"))))
                .isEqualTo(ErrorCode.IMAGE_UNACCEPTABLE);
        // raw and qcow2 are both volume-<id> here: a raw file could not be told from the qcow2 default
        assertThat(codeOf(() -> driver.manageExisting(other, Map.of("source-name", GOLD + "/imports/plain.img"))))
                .isEqualTo(ErrorCode.UNSUPPORTED);
        for (String bad : List.of(GOLD + "/imports/../../x", GOLD + "/imports/none", "//127.0.0.9/x/y", GOLD + "/"
                + vhdx.name() + ".vhdx")) {
            assertThat(codeOf(() -> driver.manageExisting(other, Map.of("source-name", bad)))).as(bad)
                    .isEqualTo(ErrorCode.INVALID_INPUT);
        }
        assertThat(codeOf(() -> driver.manageExisting(other, Map.of()))).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(codeOf(() -> driver.manageExisting(vhdx, Map.of("source-name", GOLD + "/imports/plain.img"))))
                .isEqualTo(ErrorCode.VOLUME_EXISTS);
        assertThat(imports.resolve("child.qcow2")).exists();
        assertThat(imports.resolve("plain.img")).exists();
    }
}
