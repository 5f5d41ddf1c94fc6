package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.core.share.Share;

/** The group and mode fix-up for real, on the root of a real tmpfs (root is needed), then the write test. */
final class MountRootPermissionsIT {
    private static final int SERVICE_GID = 4242;

    @TempDir
    Path dir;

    @Test
    void theRootOfAFreshMountGetsTheServicesGroupAndGroupWrite() throws Exception {
        Path root = Files.createDirectories(RealPath.of(dir).resolve("mnt"));
        CommandRunner real = new ExecCommandRunner(new RootHelper(List.of()), Duration.ofSeconds(30));
        CommandResult mounted = real.run(new Command(List.of("mount", "-t", "tmpfs", "-o", "size=1m,mode=755,gid=0",
                "remotefs-test:/permissions", root.toString()), false, null, Set.of(0, 1, 32), false));
        Assumptions.assumeTrue(mounted.exitCode() == 0, "tmpfs cannot be mounted here (root is needed): " + mounted.stderr());
        Share share = new Share("remotefs-test:/permissions", null, "test");
        try {
            new MountRootPermissions(real, SERVICE_GID).ensureGroupWritable(share, root);

            assertThat(Files.getAttribute(root, "unix:gid")).isEqualTo(SERVICE_GID);
            assertThat(Files.getPosixFilePermissions(root)).contains(PosixFilePermission.GROUP_WRITE)
                    .doesNotContain(PosixFilePermission.OTHERS_WRITE);
            new MountRootWriteCheck().check(share, root);
        } finally {
            real.run(new Command(List.of("umount", "-l", root.toString()), false, null, Set.of(0, 32), true));
        }
    }
}
