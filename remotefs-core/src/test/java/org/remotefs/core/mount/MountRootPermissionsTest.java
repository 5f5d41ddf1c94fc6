package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.share.Share;

/** Which commands the group and mode fix-up runs, through a runner that records them. */
final class MountRootPermissionsTest {
    private static final Share SHARE = new Share("host:/volume", null, "shares:1");

    @TempDir
    Path dir;

    private final List<Command> commands = new ArrayList<>();
    private final CommandRunner recording = command -> {
        commands.add(command);
        return new CommandResult(command.arguments(), 0, "", "");
    };

    private Path root(String mode, int gid) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString(mode));
        Files.setAttribute(root, "unix:gid", gid);
        return root;
    }

    private int gidOfTheTestDirectory() throws Exception {
        return (Integer) Files.getAttribute(dir, "unix:gid");
    }

    @Test
    void anotherGroupAndNoGroupWriteRunChgrpThenChmodAsRoot() throws Exception {
        int gid = gidOfTheTestDirectory();
        Path root = root("rwxr-xr-x", gid);

        new MountRootPermissions(recording, gid + 1).ensureGroupWritable(SHARE, root);

        assertThat(commands).extracting(Command::arguments).containsExactly(
                List.of("chgrp", Integer.toString(gid + 1), root.toString()),
                List.of("chmod", "g+w", root.toString()));
        assertThat(commands).allMatch(Command::asRoot);
    }

    @Test
    void aRootThatIsAlreadyRightRunsNothing() throws Exception {
        int gid = gidOfTheTestDirectory();
        Path root = root("rwxrwxr-x", gid);

        new MountRootPermissions(recording, gid).ensureGroupWritable(SHARE, root);

        assertThat(commands).isEmpty();
    }

    @Test
    void onlyTheMissingChangeRuns() throws Exception {
        int gid = gidOfTheTestDirectory();
        Path root = root("rwxr-x---", gid);

        new MountRootPermissions(recording, gid).ensureGroupWritable(SHARE, root);

        assertThat(commands).extracting(Command::arguments).containsExactly(List.of("chmod", "g+w", root.toString()));
    }

    @Test
    void aFailingCommandIsAShareError() throws Exception {
        Path root = root("rwxr-xr-x", gidOfTheTestDirectory());
        CommandRunner failing = command -> {
            throw new ProcessExecutionException(command.arguments(), 1, "", "chgrp: invalid group", "command failed", null);
        };

        RemoteFsException e = catchThrowableOfType(RemoteFsException.class,
                () -> new MountRootPermissions(failing, 4242).ensureGroupWritable(SHARE, root));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(e.details()).containsEntry("share", "host:/volume").containsEntry("mount_point", root.toString());
    }

    @Test
    void aMissingRootIsAShareErrorAndRunsNothing() {
        RemoteFsException e = catchThrowableOfType(RemoteFsException.class,
                () -> new MountRootPermissions(recording, 4242).ensureGroupWritable(SHARE, dir.resolve("missing")));

        assertThat(e.code()).isEqualTo(ErrorCode.SHARE_IO_ERROR);
        assertThat(commands).isEmpty();
    }

    @Test
    void theEffectiveGroupIsTheSecondNumberOfTheGidLine() throws Exception {
        Path status = Files.writeString(dir.resolve("status"), "Name:\tjava\nUid:\t0\t0\t0\t0\nGid:\t100\t200\t300\t400\n",
                StandardCharsets.UTF_8);

        assertThat(MountRootPermissions.effectiveGid(status)).isEqualTo(200);
    }

    @Test
    void thisProcesssEffectiveGroupIsWhatIdSays() throws Exception {
        Process id = new ProcessBuilder("id", "-g").start();
        int expected = Integer.parseInt(new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
        assertThat(id.waitFor()).isZero();

        assertThat(MountRootPermissions.effectiveGid(Path.of("/proc/self/status"))).isEqualTo(expected);
    }
}
