package org.remotefs.smb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.share.MountPoints;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.remotefs.testing.RecordingMount;

/**
 * The cifs mount command lines, through a recording mount (this kernel has no CIFS client): the
 * options, the credentials rewritten, the credentials file (its content and mode while mount runs,
 * its removal afterwards), and the password in no command line and no error.
 */
final class SmbMounterIT {
    private static final String SHARE = "//127.0.0.1/export";
    private static final String PASSWORD = "p=a,ss w0rd";

    @TempDir
    Path dir;

    private RecordingMount fake;
    private Path credentials;

    @BeforeEach
    void fake() throws Exception {
        fake = new RecordingMount(dir).withFilesystemType("cifs").withCapturedFileOption("credentials").start();
        credentials = Files.createDirectories(dir.resolve("tmp"));
    }

    private SmbMounter mounter(String mountOptions) {
        return new SmbMounter(new MountRunner(new ExecCommandRunner(RootHelper.parse(fake.rootHelper()),
                Duration.ofSeconds(30)), new ProcMounts(fake.mountTable()), pause -> { }), mountOptions, credentials);
    }

    private Path mountPoint() {
        return MountPoints.under(dir.resolve("mnt"), SHARE);
    }

    private static Share share(String options) {
        return new Share(SHARE, options, "smbfs_shares:1");
    }

    @Test
    void aPasswordGoesThroughAPrivateCredentialsFileThatIsGoneAfterTheMount() throws Exception {
        fake.willAnswer("ok");

        mounter("noperm,file_mode=0775,dir_mode=0775")
                .mount(share("-o user=CORP\\alice,password=\"" + PASSWORD + "\",vers=3.0 ro"), mountPoint());

        List<RecordingMount.CapturedFile> files = fake.capturedFiles();
        assertThat(files).hasSize(1);
        RecordingMount.CapturedFile file = files.get(0);
        assertThat(fake.calls("mount")).containsExactly("-t cifs -o noperm,file_mode=0775,dir_mode=0775 -o vers=3.0,"
                + "credentials=" + file.path() + ",ro " + SHARE + " " + mountPoint());
        assertThat(file.mode()).isEqualTo("600");
        assertThat(new String(file.content(), StandardCharsets.UTF_8))
                .isEqualTo("username=alice\npassword=" + PASSWORD + "\ndomain=CORP\n");
        assertThat(file.path()).startsWith(credentials + "/");
        assertThat(Path.of(file.path())).doesNotExist();
        assertThat(Path.of(file.path()).getParent()).doesNotExist();
        assertThat(fake.calls()).noneMatch(call -> call.contains("w0rd"));
        assertThat(new ProcMounts(fake.mountTable()).isMounted(mountPoint())).isTrue();
    }

    @Test
    void withoutAPasswordTheUserAndDomainAreOptionsAndAGuestStandsInForNoUser() {
        fake.willAnswer("ok", "ok");

        mounter("noperm").mount(share("username=CORP\\bob,uid=1000"), mountPoint());
        Path second = MountPoints.under(dir.resolve("mnt"), "//127.0.0.1/other");
        mounter("noperm").mount(new Share("//127.0.0.1/other", "ro", "smbfs_shares:2"), second);

        assertThat(fake.calls("mount")).containsExactly(
                "-t cifs -o noperm -o uid=1000,domain=CORP,username=bob " + SHARE + " " + mountPoint(),
                "-t cifs -o noperm -o username=guest,ro //127.0.0.1/other " + second);
        assertThat(fake.capturedFiles()).isEmpty();
    }

    @Test
    void aShareWithoutOptionsAndNoMountOptionsIsMountedBare() {
        fake.willAnswer("ok");

        mounter(null).mount(share(null), mountPoint());

        assertThat(fake.calls("mount")).containsExactly("-t cifs " + SHARE + " " + mountPoint());
    }

    @Test
    void aFailedMountNamesTheShareMasksThePasswordAndStillRemovesTheFile() {
        // a mount helper that repeats what it was given: the error must not
        fake.willAnswer("fail mount error(13): Permission denied for password " + PASSWORD);

        assertThatThrownBy(() -> mounter("noperm").mount(share("user=alice,password=\"" + PASSWORD + "\""), mountPoint()))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
                    assertThat(e.details()).containsEntry("share", SHARE);
                    assertThat(e.getMessage()).contains(SHARE, "Permission denied", "***").doesNotContain("w0rd");
                });
        assertThat(fake.capturedFiles()).singleElement().satisfies(file -> {
            assertThat(file.mode()).isEqualTo("600");
            assertThat(Path.of(file.path())).doesNotExist();
        });
        assertThat(new ProcMounts(fake.mountTable()).isMounted(mountPoint())).isFalse();
    }

    @Test
    void optionsThatCannotBePassedAreRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> mounter("noperm").mount(share("password=\"unclosed secret"), mountPoint()))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.details()).containsEntry("share", SHARE).containsEntry("option", "password");
                    assertThat(e.getMessage()).doesNotContain("unclosed secret");
                });
        assertThat(fake.calls()).isEmpty();
        assertThat(credentials).isEmptyDirectory();
    }

    @Test
    void aMountedShareIsLeftAlone() {
        fake.listMounted(SHARE, mountPoint());

        new SmbProtocol(dir.resolve("mnt"), new ProcMounts(fake.mountTable()), mounter("noperm"))
                .mount(share("user=alice,password=x"));

        assertThat(fake.calls()).isEmpty();
        assertThat(credentials).isEmptyDirectory();
    }
}
