package org.remotefs.glusterfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ShareRemount;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.mount.MountRootPermissions;
import org.remotefs.core.mount.MountRootWriteCheck;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.mount.Unmounter;
import org.remotefs.core.share.MountPoints;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.remotefs.tck.BackendConfig;
import org.remotefs.testing.GlusterServer;
import org.remotefs.testing.RecordingMount;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The mount command lines, through a recording {@code mount} and {@code umount} that keep their own
 * mount table: the real driver (its setup, its remount) and the real protocol, with nothing
 * mounted. What a real mount does is proven against glusterd in {@link GlusterDriverIT}.
 */
final class GlusterMountLinesIT {
    private static final String ONE = "vm:/one";
    private static final String THREE = "vm:/three";

    @TempDir
    Path dir;

    private RecordingMount fake;
    private ProcMounts table;
    private Path base;
    private ListAppender<ILoggingEvent> warnings;

    @BeforeEach
    void fake() throws Exception {
        GlusterServer.requireClient();
        fake = new RecordingMount(dir.resolve("fake")).withProgram("mount.glusterfs")
                .withFilesystemType("fuse.glusterfs").start();
        table = new ProcMounts(fake.mountTable());
        base = dir.resolve("mnt");
        warnings = new ListAppender<>();
        warnings.start();
        ((Logger) LoggerFactory.getLogger("org.remotefs.core.share.Shares")).addAppender(warnings);
    }

    @AfterEach
    void detach() {
        ((Logger) LoggerFactory.getLogger("org.remotefs.core.share.Shares")).detachAppender(warnings);
    }

    /** The real driver over a shares file, its mount table the recording mount's. */
    private VolumeDriver driver(String sharesFile) throws Exception {
        return driver(sharesFile, base.toString());
    }

    private VolumeDriver driver(String sharesFile, String baseAsWritten) throws Exception {
        Path shares = Files.writeString(dir.resolve("glusterfs_shares"), sharesFile);
        String text = BackendConfig.of("gl").driver(GlusterFsDriverProvider.ID)
                .option("glusterfs_shares_config", shares)
                .option("glusterfs_mount_point_base", baseAsWritten)
                .option("root_helper", fake.rootHelper())
                .option("nas_secure_file_operations", "false")
                .option("nas_secure_file_permissions", "false")
                .toHocon();
        VolumeDriverProvider provider = new GlusterFsDriverProvider()
                .withReplacements(binder -> binder.bind(ProcMounts.class).toInstance(table));
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read("gl", configuration.settingsBlock("gl",
                GlusterFsDriverProvider.ID), provider.options());
        return provider.create(DriverContext.of(settings));
    }

    private Path mountPoint(String share) {
        return MountPoints.under(base, share);
    }

    /** A share the table lists as mounted, its mount point a directory as a mounted root would be. */
    private void listMounted(String share) throws Exception {
        fake.listMounted(share, Files.createDirectories(mountPoint(share)));
    }

    @Test
    void setupMountsEachShareWithItsLineOptionsVerbatimAndALineWithoutColonSlashIsRefusedNamingIt() throws Exception {
        VolumeDriver driver = driver(ONE + " -o backup-volfile-servers=gl2:gl3\nvm:two\n" + THREE + "\n");

        driver.doSetup();

        assertThat(fake.calls("mount")).containsExactly(
                "-t glusterfs -o backup-volfile-servers=gl2:gl3 " + ONE + " " + mountPoint(ONE),
                "-t glusterfs " + THREE + " " + mountPoint(THREE));
        assertThat(driver.shares()).extracting(ShareState::address, ShareState::options, ShareState::mounted)
                .containsExactly(tuple(ONE, "-o backup-volfile-servers=gl2:gl3", true), tuple(THREE, null, true));
        assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(warning -> assertThat(warning).contains(dir.resolve("glusterfs_shares") + ":2")
                        .contains("vm:two").contains(ErrorCode.INVALID_CONFIGURATION_VALUE.name()));
    }

    @Test
    void setupLeavesALiveMountAloneWhereCinderUnmountedAndMountedEveryShare() throws Exception {
        listMounted(ONE);
        VolumeDriver driver = driver(ONE + "\n");

        driver.doSetup();

        assertThat(fake.calls()).isEmpty();
        assertThat(driver.shares()).extracting(ShareState::mounted).containsExactly(true);
    }

    @Test
    void remountUnmountsAndMountsEveryShareAndOneInUseIsReportedAndStaysMounted() throws Exception {
        listMounted(ONE);
        listMounted(THREE);
        VolumeDriver driver = driver(ONE + " -o acl\n" + THREE + "\n");
        fake.willAnswer("ok", "ok", "fail umount: " + mountPoint(THREE) + ": target is busy.");

        List<ShareRemount> outcomes = driver.remountShares();

        assertThat(fake.calls()).containsExactly(
                "umount " + mountPoint(ONE),
                "mount -t glusterfs -o acl " + ONE + " " + mountPoint(ONE),
                "umount " + mountPoint(THREE));
        assertThat(outcomes).extracting(o -> o.share().address(), ShareRemount::remounted, o -> o.share().mounted())
                .containsExactly(tuple(ONE, true, true), tuple(THREE, false, true));
        assertThat(outcomes.get(1).error().code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(outcomes.get(1).error().details()).containsEntry("share", THREE)
                .containsEntry("mount_point", mountPoint(THREE).toString());
    }

    @Test
    void anUnmountAnsweringNotMountedIsNoError() throws Exception {
        listMounted(ONE);
        VolumeDriver driver = driver(ONE + "\n");
        fake.willAnswer("fail umount: " + mountPoint(ONE) + ": not mounted.");

        List<ShareRemount> outcomes = driver.remountShares();

        assertThat(outcomes).extracting(ShareRemount::remounted).containsExactly(true);
    }

    @Test
    void aShareThatDoesNotMountIsNamedAndTheOthersServe() throws Exception {
        VolumeDriver driver = driver(ONE + "\n" + THREE + "\n");
        fake.willAnswer("fail Mounting glusterfs on " + mountPoint(ONE) + " failed.", "ok");

        driver.doSetup();

        assertThat(driver.shares()).extracting(ShareState::address, ShareState::mounted)
                .containsExactly(tuple(ONE, false), tuple(THREE, true));
        // every operation tries the share again (Cinder's _ensure_shares_mounted); it fails again
        fake.willAnswer("fail Mounting glusterfs on " + mountPoint(ONE) + " failed.");
        Volume volume = Volume.create(UUID.randomUUID().toString(), 1);
        assertThat(driver.createVolume(volume).providerLocation()).isEqualTo(THREE);
        fake.willAnswer("fail Mounting glusterfs on " + mountPoint(ONE) + " failed.");
        Volume elsewhere = volume.withProviderLocation(ONE).withStatus(VolumeStatus.AVAILABLE);
        assertThatThrownBy(() -> driver.ensureExport(elsewhere)).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
            assertThat(e.details()).containsEntry("share", ONE);
        });
    }

    @Test
    void aMountRootGetsTheServiceGroupAndGroupWriteThenTheWriteTest() throws Exception {
        CommandRunner runner = new ExecCommandRunner(RootHelper.parse(fake.rootHelper()), Duration.ofSeconds(30));
        int otherGroup = 4242;
        GlusterProtocol protocol = new GlusterProtocol(base, table,
                new GlusterMounter(new MountRunner(runner, table, duration -> { })), new Unmounter(runner, table),
                new MountRootPermissions(runner, otherGroup), new MountRootWriteCheck());
        Share share = new Share(ONE, null, "test");

        protocol.mount(share);

        Path root = mountPoint(ONE);
        assertThat(Files.getAttribute(root, "unix:gid")).isEqualTo(otherGroup);
        assertThat(Files.getPosixFilePermissions(root)).contains(PosixFilePermission.GROUP_WRITE);
        try (var left = Files.list(root)) {
            assertThat(left).as("the write test leaves nothing").isEmpty();
        }
    }

    @Test
    void theBaseIsUsedAsWrittenAndTheMountTableComparedWithItsResolvedForm() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real-mnt"));
        Files.createSymbolicLink(base, real);
        VolumeDriver driver = driver(ONE + "\n");

        driver.doSetup();
        driver.doSetup();

        // written with a doubled and a trailing slash (LP#1425551): the same mount, not mounted again
        driver(ONE + "\n", dir + "//mnt/").doSetup();

        assertThat(fake.calls("mount")).as("mounted once, at the resolved mount point")
                .containsExactly("-t glusterfs " + ONE + " " + MountPoints.under(real, ONE));
        assertThat(driver.shares()).extracting(ShareState::mountPoint, ShareState::mounted)
                .containsExactly(tuple(mountPoint(ONE).toString(), true));
    }
}
