package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.remotefs.testing.RecordingMount;

/** The mount command lines, through a fake mount executable that records them and fails on demand. */
final class NfsMounterIT {
    private static final Share SHARE = new Share("127.0.0.1:/export", null, "test");

    @TempDir
    Path dir;

    private RecordingMount fake;
    private Path mountTable;
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void fake() throws Exception {
        fake = new RecordingMount(dir).withProgram("mount.nfs").withFilesystemType("nfs4").start();
        mountTable = fake.mountTable();
    }

    private NfsMounter mounter(String options, int attempts) {
        return new NfsMounter(new ExecCommandRunner(RootHelper.parse(fake.rootHelper()), Duration.ofSeconds(30)),
                new ProcMounts(mountTable), sleeps::add, options, attempts);
    }

    private Path mountPoint() {
        return dir.resolve("mnt/2f4f60214cf43c595666dd815f0360a4");
    }

    @Test
    void tries42FirstAndStopsAtTheFirstSuccess() throws Exception {
        fake.willAnswer("ok");

        mounter(null, 3).mount(SHARE, mountPoint());

        assertThat(fake.calls("mount")).containsExactly("-t nfs -o vers=4,minorversion=2 127.0.0.1:/export " + mountPoint());
        assertThat(mountPoint()).isDirectory();
    }

    @Test
    void fallsBackTo41ThenToTheOptionsAsGivenWithTheShareLineOptions() throws Exception {
        fake.willAnswer("fail mount.nfs: Protocol not supported", "fail mount.nfs: Protocol not supported", "ok");

        mounter("rw", 3).mount(new Share("127.0.0.1:/export", "-o ro  --bind", "test"), mountPoint());

        assertThat(fake.calls("mount")).containsExactly(
                "-t nfs -o rw,vers=4,minorversion=2 -o ro --bind 127.0.0.1:/export " + mountPoint(),
                "-t nfs -o rw,vers=4,minorversion=1 -o ro --bind 127.0.0.1:/export " + mountPoint(),
                "-t nfs -o rw -o ro --bind 127.0.0.1:/export " + mountPoint());
        assertThat(sleeps).isEmpty();
    }

    @Test
    void nasMountOptionsAreNotRepeatedAsBareArguments() throws Exception {
        fake.willAnswer("ok");

        mounter("vers=4.1,rw", 1).mount(new Share("127.0.0.1:/export", "vers=4.1,rw", "nas_host and nas_share_path"),
                mountPoint());

        assertThat(fake.calls("mount")).containsExactly("-t nfs -o vers=4.1,rw 127.0.0.1:/export " + mountPoint());
    }

    @Test
    void theWholeSequenceIsTriedNfsMountAttemptsTimesASecondApart() throws Exception {
        fake.willAnswer("fail a", "fail b", "fail c", "fail d", "fail e", "fail f");

        assertThatThrownBy(() -> mounter("vers=3", 3).mount(SHARE, mountPoint()))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
                    assertThat(((RemoteFsException) e).details()).containsEntry("share", "127.0.0.1:/export");
                });
        assertThat(fake.calls("mount")).hasSize(3).allMatch(call -> call.startsWith("-t nfs -o vers=3 "));
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void atLeastOneAttemptIsMade() throws Exception {
        fake.willAnswer("fail x");

        assertThatThrownBy(() -> mounter("vers=3", 0).mount(SHARE, mountPoint())).isInstanceOf(RemoteFsException.class);
        assertThat(fake.calls("mount")).hasSize(1);
    }

    @Test
    void busyOrAlreadyMountedIsASuccessOnlyWhenTheMountPointReallyIsMounted() throws Exception {
        fake.willAnswer("fail mount.nfs: /x is busy or already mounted");
        assertThatThrownBy(() -> mounter("vers=4", 1).mount(SHARE, mountPoint())).isInstanceOf(RemoteFsException.class);

        // another process mounted it meanwhile: the kernel's table says so
        fake.willAnswer("raced mount.nfs: /x is busy or already mounted");
        mounter("vers=4", 1).mount(SHARE, mountPoint());

        assertThat(new ProcMounts(mountTable).isMounted(mountPoint())).isTrue();
    }

    @Test
    void aShareAlreadyInTheMountTableIsNotMountedAgain() throws Exception {
        Files.writeString(mountTable, "127.0.0.1:/export " + mountPoint().toString().replace(" ", "\\040")
                + " nfs4 rw 0 0\n");

        mounter(null, 3).mount(SHARE, mountPoint());

        assertThat(fake.calls("mount")).isEmpty();
    }
}
