package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.remotefs.testing.RecordingMount;

/** Unmounting, against a fake umount that records its arguments and answers as told, and a real tmpfs. */
final class UnmounterIT {
    private static final Share SHARE = new Share("host:/volume", null, "shares:1");

    @TempDir
    Path dir;

    private RecordingMount fake;

    @BeforeEach
    void fake() throws Exception {
        fake = new RecordingMount(dir).start();
    }

    /** A runner whose root helper puts the recording mount and umount first on PATH. */
    private CommandRunner fakeRunner() {
        return new ExecCommandRunner(RootHelper.parse(fake.rootHelper()), Duration.ofSeconds(30));
    }

    /** The recording mount's table, as the toolkit reads it. */
    private ProcMounts fakeMounts() {
        return new ProcMounts(fake.mountTable());
    }

    private Path mountPoint() {
        return dir.resolve("base/d41d8cd98f00b204e9800998ecf8427e");
    }

    private Unmounter unmounter() {
        return new Unmounter(fakeRunner(), fakeMounts());
    }

    @Test
    void unmountsAsRootWithTheMountPointAlone() throws Exception {
        fake.listMounted("host:/volume", mountPoint());
        fake.willAnswer("ok");

        unmounter().unmount(SHARE, mountPoint());

        assertThat(fake.calls()).containsExactly("umount " + mountPoint());
        assertThat(fakeMounts().isMounted(mountPoint())).isFalse();
    }

    @Test
    void aMountPointTheTableDoesNotListIsLeftAlone() throws Exception {
        unmounter().unmount(SHARE, mountPoint());

        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void notMountedIsTolerated() throws Exception {
        fake.listMounted("host:/volume", mountPoint());
        fake.willAnswer("raced umount: " + mountPoint() + ": not mounted.");

        unmounter().unmount(SHARE, mountPoint());

        assertThat(fake.calls()).hasSize(1);
    }

    @Test
    void aBusyTargetIsReportedAndTheShareStaysMounted() throws Exception {
        fake.listMounted("host:/volume", mountPoint());
        fake.willAnswer("fail umount: " + mountPoint() + ": target is busy.");

        RemoteFsException e = catchThrowableOfType(RemoteFsException.class, () -> unmounter().unmount(SHARE, mountPoint()));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(e.details()).containsEntry("share", "host:/volume").containsEntry("mount_point", mountPoint().toString());
        assertThat(fakeMounts().isMounted(mountPoint())).isTrue();
    }

    @Test
    void anotherErrorIsReported() throws Exception {
        fake.listMounted("host:/volume", mountPoint());
        fake.willAnswer("fail umount: " + mountPoint() + ": must be superuser to unmount.");

        RemoteFsException e = catchThrowableOfType(RemoteFsException.class, () -> unmounter().unmount(SHARE, mountPoint()));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(e.details()).containsEntry("mount_point", mountPoint().toString());
    }

    @Test
    void aRealTmpfsInUseStaysMountedAndIsUnmountedOnceFree() throws Exception {
        Path mountPoint = Files.createDirectories(RealPath.of(dir).resolve("real/mnt"));
        CommandRunner real = new ExecCommandRunner(new RootHelper(List.of()), Duration.ofSeconds(30));
        CommandResult mounted = real.run(new Command(List.of("mount", "-t", "tmpfs", "-o", "size=1m",
                "remotefs-test:/unmounter", mountPoint.toString()), false, null, Set.of(0, 1, 32), false));
        Assumptions.assumeTrue(mounted.exitCode() == 0, "tmpfs cannot be mounted here (root is needed): " + mounted.stderr());
        Share share = new Share("remotefs-test:/unmounter", null, "test");
        Unmounter unmounter = new Unmounter(real, ProcMounts.system());
        Process user = null;
        try {
            // a process working in the share keeps it busy
            user = new ProcessBuilder("sleep", "60").directory(mountPoint.toFile()).start();

            RemoteFsException e = catchThrowableOfType(RemoteFsException.class, () -> unmounter.unmount(share, mountPoint));

            assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
            assertThat(ProcMounts.system().isMounted(mountPoint)).isTrue();

            user.destroy();
            user.waitFor();
            unmounter.unmount(share, mountPoint);

            assertThat(ProcMounts.system().isMounted(mountPoint)).isFalse();
            unmounter.unmount(share, mountPoint);
        } finally {
            if (user != null) {
                user.destroyForcibly();
            }
            real.run(new Command(List.of("umount", "-l", mountPoint.toString()), false, null, Set.of(0, 32), true));
        }
    }
}
