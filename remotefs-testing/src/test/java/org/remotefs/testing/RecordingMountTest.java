package org.remotefs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording mount's programs, run as a root helper would run them. */
final class RecordingMountTest {
    @TempDir
    Path dir;

    /** Runs a program through the fixture's root helper ({@code env PATH=...}), as code under test does. */
    private static int run(RecordingMount mount, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(mount.rootHelper().split(" ")));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @Test
    void okMountsAndUnmountsInTheTableWithSpacesEscapedAsTheKernelDoes() throws Exception {
        RecordingMount mount = new RecordingMount(dir).start();

        assertThat(run(mount, "mount", "-t", "nfs", "host:/export", "/mnt/a b")).isZero();
        assertThat(Files.readAllLines(mount.mountTable()))
                .containsExactly("proc /proc proc rw 0 0", "host:/export /mnt/a\\040b fake rw 0 0");

        assertThat(run(mount, "umount", "/mnt/a b")).isZero();
        assertThat(Files.readAllLines(mount.mountTable())).containsExactly("proc /proc proc rw 0 0");
        assertThat(mount.calls()).containsExactly("mount -t nfs host:/export /mnt/a b", "umount /mnt/a b");
    }

    @Test
    void eachCallOfAnyProgramTakesTheNextOutcome() throws Exception {
        RecordingMount mount = new RecordingMount(dir).withProgram("mount.nfs").withFilesystemType("nfs4").start();
        mount.willAnswer("mute", "fail refused", "silent", "raced busy");

        assertThat(run(mount, "mount.nfs")).isEqualTo(32);
        assertThat(run(mount, "mount", "-t", "nfs", "h:/a", "/m/1")).isEqualTo(32);
        assertThat(run(mount, "mount", "-t", "nfs", "h:/b", "/m/2")).isZero();
        assertThat(run(mount, "mount", "-t", "nfs", "h:/c", "/m/3")).isEqualTo(32);
        assertThat(run(mount, "mount", "-t", "nfs", "h:/d", "/m/4")).isZero();

        // fail and silent list nothing; raced lists, as another process's mount would; then ok again
        assertThat(Files.readAllLines(mount.mountTable()))
                .containsExactly("proc /proc proc rw 0 0", "h:/c /m/3 nfs4 rw 0 0", "h:/d /m/4 nfs4 rw 0 0");
        assertThat(mount.calls("mount")).containsExactly("-t nfs h:/a /m/1", "-t nfs h:/b /m/2", "-t nfs h:/c /m/3",
                "-t nfs h:/d /m/4");
        assertThat(mount.calls("mount.nfs")).containsExactly("");
    }

    @Test
    void listMountedAddsALineAndCloseRemovesThePrograms() throws Exception {
        RecordingMount mount = new RecordingMount(dir).start();
        mount.listMounted("host:/volume", Path.of("/base/x y"));

        assertThat(Files.readAllLines(mount.mountTable())).contains("host:/volume /base/x\\040y fake rw 0 0");
        mount.close();
        assertThat(mount.bin().resolve("mount")).doesNotExist();
        assertThat(mount.bin().resolve("umount")).doesNotExist();
    }

    @Test
    void theFileAMountOptionNamesIsCapturedWithItsModeWhileTheCallRuns() throws Exception {
        RecordingMount mount = new RecordingMount(dir).withCapturedFileOption("credentials").start();
        Path file = Files.writeString(dir.resolve("cred"), "username=u\npassword=p,w\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        run(mount, "mount", "-t", "cifs", "-o", "vers=3.0,credentials=" + file + ",ro", "//h/s", dir.resolve("m").toString());
        Files.delete(file);
        run(mount, "mount", "-t", "cifs", "-o", "credentials=" + file, "//h/s", dir.resolve("n").toString());
        run(mount, "mount", "-t", "cifs", "//h/s", dir.resolve("o").toString());

        List<RecordingMount.CapturedFile> captured = mount.capturedFiles();
        assertThat(captured).hasSize(2);
        assertThat(captured.get(0).path()).isEqualTo(file.toString());
        assertThat(captured.get(0).mode()).isEqualTo("600");
        assertThat(new String(captured.get(0).content(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("username=u\npassword=p,w\n");
        assertThat(captured.get(1).mode()).isNull();
        assertThat(captured.get(1).content()).isNull();
    }
}
