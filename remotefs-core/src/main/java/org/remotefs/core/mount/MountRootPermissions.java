package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.share.Share;

/**
 * Makes a freshly mounted share's root writable by the service's group, as Cinder's GlusterFS
 * driver does after mounting: {@code chgrp <service gid> <root>} when the root belongs to another
 * group, and {@code chmod g+w <root>} when it is not group-writable, both as root through the
 * {@link CommandRunner} (the service usually may not change a root it does not own).
 */
@ForBackends
public final class MountRootPermissions {
    private final CommandRunner runner;
    private final int serviceGid;

    /**
     * @param runner     runs {@code chgrp} and {@code chmod} (as root, through its root helper)
     * @param serviceGid the group the service runs as (Cinder: {@code os.getegid()})
     */
    public MountRootPermissions(CommandRunner runner, int serviceGid) {
        this.runner = runner;
        this.serviceGid = serviceGid;
    }

    /** For this process's effective group, read from {@code /proc/self/status}. */
    public static MountRootPermissions forThisProcess(CommandRunner runner) {
        return new MountRootPermissions(runner, effectiveGid(Path.of("/proc/self/status")));
    }

    /**
     * The effective group id in a {@code /proc/<pid>/status} file: the second number of its
     * {@code Gid:} line (real, effective, saved, file system).
     *
     * @throws IllegalStateException when the file cannot be read or has no such line (not Linux)
     */
    static int effectiveGid(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Gid:")) {
                    return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the effective group id from " + status + ": " + e, e);
        }
        throw new IllegalStateException("no Gid: line in " + status);
    }

    /**
     * Gives the mount root the service's group and group write permission, running only the
     * commands needed. Idempotent: a root that already has both runs nothing. Changes nothing but
     * the root directory's group and group-write bit.
     *
     * @param share     the share, named in errors
     * @param mountRoot its mounted root directory
     * @throws RemoteFsException {@code SHARE_IO_ERROR} with details {@code share} and
     *         {@code mount_point} when the root's attributes cannot be read or a command fails
     * @throws RemoteFsException {@code INTERRUPTED} when the host asked to stop (the runner's)
     */
    public void ensureGroupWritable(Share share, Path mountRoot) {
        int gid;
        boolean groupWritable;
        try {
            gid = (Integer) Files.getAttribute(mountRoot, "unix:gid");
            groupWritable = Files.getPosixFilePermissions(mountRoot).contains(PosixFilePermission.GROUP_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            throw failure(share, mountRoot, "cannot read its group and mode: " + e, e);
        }
        if (gid != serviceGid) {
            run(share, mountRoot, List.of("chgrp", Integer.toString(serviceGid), mountRoot.toString()));
        }
        if (!groupWritable) {
            run(share, mountRoot, List.of("chmod", "g+w", mountRoot.toString()));
        }
    }

    private void run(Share share, Path mountRoot, List<String> arguments) {
        try {
            runner.run(new Command(arguments, true, null, null, false));
        } catch (ProcessExecutionException e) {
            throw failure(share, mountRoot, e.getMessage(), e);
        }
    }

    private static RemoteFsException failure(Share share, Path mountRoot, String reason, Exception cause) {
        return new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot make the root of share " + share.address()
                + " at " + mountRoot + " writable by the service's group: " + reason,
                Map.of("share", share.address(), "mount_point", mountRoot.toString()), cause);
    }
}
