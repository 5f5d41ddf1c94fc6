package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.registry.DriverRegistry;
import org.remotefs.core.share.MountPoints;
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.TmpfsShare;

import com.typesafe.config.ConfigUtil;

/** The NFS driver for real against a tmpfs stand-in mounted at the share's hashed mount point. */
final class NfsDriverIT {
    private static final String SHARE = "127.0.0.1:/export";
    private static final String UNREACHABLE = "127.0.0.2:/nowhere";

    @TempDir
    Path dir;

    private Path base;
    private RecordingMount fake;
    private TmpfsShare standIn;

    @BeforeEach
    void mount() throws Exception {
        // a mount base with a space: /proc/mounts escapes it, and it must still be seen as mounted
        base = dir.resolve("mnt base");
        fake = new RecordingMount(dir).withProgram("mount.nfs").withFilesystemType("nfs4").start();
        standIn = new TmpfsShare(SHARE).withMountPoint(MountPoints.under(base, SHARE)).withSize("2G").start();
    }

    @AfterEach
    void unmount() {
        if (standIn != null) {
            standIn.close();
        }
    }

    private VolumeDriver driver(String options) throws Exception {
        Path shares = Files.writeString(dir.resolve("nfs_shares"), SHARE + " -o vers=4\n" + UNREACHABLE + "\n");
        String text = "remotefs.backends.nfs1 { driver = nfs\n"
                + "nfs_shares_config = " + ConfigUtil.quoteString(shares.toString()) + "\n"
                + "nfs_mount_point_base = " + ConfigUtil.quoteString(base.toString()) + "\n"
                + "nfs_mount_attempts = 1\n"
                + "root_helper = " + ConfigUtil.quoteString(fake.rootHelper()) + "\n"
                + options + "\n}";
        ClassLoader loader = getClass().getClassLoader();
        return DriverRegistry.discover(loader).create(RemoteFsConfiguration.parse(text, "test", loader), "nfs1");
    }

    private static Volume located(Volume volume, ModelUpdate update) {
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
    }

    @Test
    void volumesLiveOnTheMountedShareAndAnUnmountableShareIsSkipped() throws Exception {
        fake.willAnswer("fail mount.nfs: Connection refused", "fail mount.nfs: Connection refused",
                "fail mount.nfs: Connection refused");
        VolumeDriver driver = driver("");
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);

        ModelUpdate update = driver.createVolume(volume);

        assertThat(update.providerLocation()).isEqualTo(SHARE);
        assertThat(standIn.mountPoint().resolve(volume.name())).exists();
        assertThat(driver.shares()).extracting(ShareState::address, ShareState::mounted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(SHARE, true),
                        org.assertj.core.groups.Tuple.tuple(UNREACHABLE, false));
        assertThat(fake.calls("mount")).allMatch(call -> call.contains(UNREACHABLE));
    }

    @Test
    void statsAndConnectionInfoHaveCindersNfsShape() throws Exception {
        fake.willAnswer("fail refused", "fail refused", "fail refused", "fail refused", "fail refused", "fail refused");
        VolumeDriver driver = driver("nfs_sparsed_volumes = false");
        Volume created = Volume.create(UUID.randomUUID().toString(), 1);
        Volume volume = located(created, driver.createVolume(created));
        ConnectionInfo info = driver.initializeConnection(volume.withProviderLocation(SHARE), Connector.ofHost("h"));
        VolumeStats stats = driver.getVolumeStats(true);

        FileStore store = Files.getFileStore(standIn.mountPoint());
        assertThat(stats.volumeBackendName()).isEqualTo("Generic_NFS");
        assertThat(stats.storageProtocol()).isEqualTo("nfs");
        assertThat(stats.driverVersion()).isEqualTo("1.4.0");
        assertThat(stats.totalCapacityGb()).isEqualTo(store.getTotalSpace() / (double) (1L << 30));
        assertThat(stats.thickProvisioningSupport()).isTrue();
        assertThat(stats.sparseCopyVolume()).isTrue();
        assertThat(info.driverVolumeType()).isEqualTo("nfs");
        assertThat(info.mountPointBase()).isEqualTo(base.toString());
        assertThat(info.data()).containsEntry("export", SHARE).containsEntry("options", "-o vers=4")
                .containsEntry("format", "raw");
    }

    @Test
    void snapshotsNeedNfsSnapshotSupport() throws Exception {
        VolumeDriver driver = driver("nas_secure_file_operations = false");
        ModelUpdate update = driver.createVolume(Volume.create(UUID.randomUUID().toString(), 1));
        Volume volume = located(Volume.create(UUID.randomUUID().toString(), 1), update);

        assertThatThrownBy(() -> driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(),
                volume.withProviderLocation(SHARE), SnapshotStatus.CREATING, null, null)))
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }

    @Test
    void snapshotSupportWithSecureOperationsIsASetupError() throws Exception {
        VolumeDriver driver = driver("nfs_snapshot_support = true\nnas_secure_file_operations = true");

        assertThatThrownBy(driver::doSetup)
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE));
    }

    @Test
    void snapshotsWorkOnTheShareWhenEnabled() throws Exception {
        VolumeDriver driver = driver("nfs_snapshot_support = true\nnas_secure_file_operations = false");
        Volume created = Volume.create(UUID.randomUUID().toString(), 1);
        Volume volume = located(created, driver.createVolume(created));
        String snapshot = UUID.randomUUID().toString();

        driver.createSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.CREATING, null, null));

        assertThat(standIn.mountPoint().resolve(volume.name() + "." + snapshot)).exists();
        assertThat(Files.readString(standIn.mountPoint().resolve(volume.name() + ".info"))).contains(snapshot);
        driver.deleteVolume(volume);
        try (var left = Files.list(standIn.mountPoint())) {
            assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> !n.startsWith("volume-"));
        }
    }

    @Test
    void withoutMountNfsSetupFails() throws Exception {
        Files.delete(fake.bin().resolve("mount.nfs"));
        VolumeDriver driver = driver("root_helper = \"env PATH=" + fake.bin() + "\"");

        assertThatThrownBy(driver::doSetup)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.getMessage()).contains("mount.nfs");
                });
        // checked before any share is mounted, as Cinder does
        assertThat(fake.calls("mount")).isEmpty();
    }

    @Test
    void autoIsARatioError() throws Exception {
        assertThatThrownBy(() -> driver("max_over_subscription_ratio = auto"))
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(((RemoteFsException) e).details()).containsEntry("option", "max_over_subscription_ratio");
                });
    }
}
