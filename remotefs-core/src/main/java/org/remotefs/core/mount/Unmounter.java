package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmounts a share as Cinder's GlusterFS driver does before it mounts again
 * ({@code _refresh_mounts}): {@code umount <mount point>} as root through the
 * {@link CommandRunner}. Never forced or lazy: a share in use stays mounted and the caller is
 * told. Thread-safe if the command runner is.
 */
@ForBackends
public final class Unmounter {
    private static final Logger LOG = LoggerFactory.getLogger(Unmounter.class);

    private final CommandRunner runner;
    private final ProcMounts mounts;

    /**
     * @param runner runs {@code umount} (as root, through its root helper)
     * @param mounts the mount table that says whether the mount point is mounted
     */
    public Unmounter(CommandRunner runner, ProcMounts mounts) {
        this.runner = runner;
        this.mounts = mounts;
    }

    /**
     * Unmounts the share from its mount point. Idempotent: a mount point {@code /proc/mounts} does
     * not list is left alone (nothing runs), and a {@code umount} that answers "not mounted" (another
     * process unmounted it meanwhile) is a success. The mount point directory is kept.
     *
     * @param share      the share, named in errors
     * @param mountPoint its mount point, as the kernel lists it
     * @throws RemoteFsException {@code SHARE_IO_ERROR} with details {@code share} and
     *         {@code mount_point} when {@code umount} fails: "target is busy" (a process uses the
     *         share; it stays mounted) or any other error
     * @throws RemoteFsException {@code INTERRUPTED} when the host asked to stop (the runner's)
     */
    public void unmount(Share share, Path mountPoint) {
        if (!mounts.isMounted(mountPoint)) {
            return;
        }
        try {
            runner.run(new Command(List.of("umount", mountPoint.toString()), true, null, null, false));
        } catch (ProcessExecutionException e) {
            String stderr = e.stderr();
            if (stderr.contains("not mounted")) {
                LOG.info("{} was no longer mounted at {}", share.address(), mountPoint);
                return;
            }
            Map<String, String> details = Map.of("share", share.address(), "mount_point", mountPoint.toString());
            if (stderr.contains("busy")) {
                throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot unmount " + share.address() + " from "
                        + mountPoint + ": it is in use (target is busy); it stays mounted", details, e);
            }
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot unmount " + share.address() + " from "
                    + mountPoint + ": " + (stderr.isBlank() ? e.getMessage() : stderr.strip()), details, e);
        }
    }
}
