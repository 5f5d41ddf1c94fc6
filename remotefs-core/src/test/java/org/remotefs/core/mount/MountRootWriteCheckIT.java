package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.share.Share;

/** The write test of a mount root, on a writable directory and on a real read-only tmpfs. */
final class MountRootWriteCheckIT {
    private static final Share SHARE = new Share("host:/volume", null, "shares:1");

    @TempDir
    Path dir;

    @Test
    void aWritableRootPassesTwiceAndKeepsNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        MountRootWriteCheck check = new MountRootWriteCheck();

        check.check(SHARE, root);
        check.check(SHARE, root);

        try (var files = Files.list(root)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theProbeIsNamedAsCindersAndWhatHasItsNameIsLeftAlone() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        // something else already has the probe's name: the check cannot create its file there
        Path taken = Files.createDirectories(root.resolve(".cinder-write-test-4242-7"));
        Files.writeString(taken.resolve("keep"), "not the check's");

        RemoteFsException e = catchThrowableOfType(RemoteFsException.class,
                () -> new MountRootWriteCheck(4242, () -> 7L).check(SHARE, root));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(taken.resolve("keep")).hasContent("not the check's");
        new MountRootWriteCheck(4242, () -> 8L).check(SHARE, root);
        try (var files = Files.list(root)) {
            assertThat(files).containsExactly(taken);
        }
    }

    @Test
    void aMissingRootIsNotWritable() {
        RemoteFsException e = catchThrowableOfType(RemoteFsException.class,
                () -> new MountRootWriteCheck().check(SHARE, dir.resolve("missing")));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(e.details()).containsEntry("share", "host:/volume");
    }

    @Test
    void aReadOnlyShareFailsNamingTheShare() throws Exception {
        Path root = Files.createDirectories(dir.resolve("ro"));
        CommandRunner real = new ExecCommandRunner(new RootHelper(List.of()), Duration.ofSeconds(30));
        CommandResult mounted = real.run(new Command(List.of("mount", "-t", "tmpfs", "-o", "size=1m,ro",
                "remotefs-test:/read-only", root.toString()), false, null, Set.of(0, 1, 32), false));
        Assumptions.assumeTrue(mounted.exitCode() == 0, "tmpfs cannot be mounted here (root is needed): " + mounted.stderr());
        try {
            RemoteFsException e = catchThrowableOfType(RemoteFsException.class,
                    () -> new MountRootWriteCheck().check(SHARE, root));

            assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
            assertThat(e.details()).containsEntry("share", "host:/volume").containsEntry("mount_point", root.toString());
        } finally {
            real.run(new Command(List.of("umount", "-l", root.toString()), false, null, Set.of(0, 32), true));
        }
    }
}
