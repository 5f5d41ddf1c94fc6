package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ShareRemount;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.BackendConfig;
import org.remotefs.testing.RecordingMount;

/**
 * {@code remotefs backends --remount} on NFS, through the recording mount: every share unmounted
 * and mounted again, one in use reported and left mounted, one not mounted just mounted.
 */
final class NfsRemountIT {
    private static final String FIRST = "127.0.0.1:/first";
    private static final String BUSY = "127.0.0.1:/busy";
    private static final String UNMOUNTED = "127.0.0.1:/unmounted";

    @TempDir
    Path dir;

    private RecordingMount fake;
    private Path base;

    @BeforeEach
    void fake() throws Exception {
        fake = new RecordingMount(dir).withProgram("mount.nfs").withFilesystemType("nfs4").start();
        base = dir.resolve("mnt");
        for (String share : List.of(FIRST, BUSY)) {
            fake.listMounted(share, Files.createDirectories(MountPoints.under(base, share)));
        }
    }

    /** The real driver, its mount table the recording mount's (the kernel's lists no NFS mount here). */
    private VolumeDriver driver() throws Exception {
        Path shares = Files.writeString(dir.resolve("nfs_shares"), FIRST + "\n" + BUSY + "\n" + UNMOUNTED + "\n");
        String text = BackendConfig.of("nfs1").driver(NfsDriverProvider.ID)
                .option("nfs_shares_config", shares)
                .option("nfs_mount_point_base", base)
                .option("nfs_mount_attempts", 1)
                .option("root_helper", fake.rootHelper())
                .toHocon();
        VolumeDriverProvider provider = new NfsDriverProvider()
                .withReplacements(binder -> binder.bind(ProcMounts.class).toInstance(new ProcMounts(fake.mountTable())));
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader());
        BackendSettings settings = new SettingsReader().read("nfs1", configuration.settingsBlock("nfs1",
                NfsDriverProvider.ID), provider.options());
        return provider.create(DriverContext.of(settings));
    }

    @Test
    void everyShareIsUnmountedAndMountedAgainAndOneInUseStaysMounted() throws Exception {
        VolumeDriver driver = driver();
        fake.willAnswer("ok", "ok", "fail umount: " + MountPoints.under(base, BUSY) + ": target is busy.", "ok");

        List<ShareRemount> outcomes = driver.remountShares();

        Path first = MountPoints.under(base, FIRST);
        Path busy = MountPoints.under(base, BUSY);
        Path unmounted = MountPoints.under(base, UNMOUNTED);
        assertThat(fake.calls()).containsExactly(
                "umount " + first,
                "mount -t nfs -o vers=4,minorversion=2 " + FIRST + " " + first,
                "umount " + busy,
                "mount -t nfs -o vers=4,minorversion=2 " + UNMOUNTED + " " + unmounted);
        assertThat(outcomes).extracting(o -> o.share().address(), ShareRemount::remounted, o -> o.share().mounted())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(FIRST, true, true),
                        org.assertj.core.groups.Tuple.tuple(BUSY, false, true),
                        org.assertj.core.groups.Tuple.tuple(UNMOUNTED, true, true));
        assertThat(outcomes.get(1).error().code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(outcomes.get(1).error().details()).containsEntry("share", BUSY)
                .containsEntry("mount_point", busy.toString());
    }

    @Test
    void aShareThatDoesNotMountAgainIsReportedAndTheOthersAreStillRemounted() throws Exception {
        VolumeDriver driver = driver();
        fake.willAnswer("ok", "fail mount.nfs: Connection refused", "fail mount.nfs: Connection refused",
                "fail mount.nfs: Connection refused", "ok", "ok", "ok");

        List<ShareRemount> outcomes = driver.remountShares();

        assertThat(outcomes).extracting(ShareRemount::remounted).containsExactly(false, true, true);
        assertThat(outcomes.get(0).share().mounted()).isFalse();
        assertThat(outcomes.get(0).error().code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(outcomes.get(0).error().details()).containsEntry("share", FIRST);
    }
}
