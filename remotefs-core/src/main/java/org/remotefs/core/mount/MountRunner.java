package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.share.ProcMounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts a share as os-brick does, with its retries made safe. Protocol-free: the protocol builds
 * the command lines ({@link MountCommand}), this runs them.
 *
 * <ol>
 * <li>A mount point {@code /proc/mounts} already lists is left alone (nothing runs), unless it is
 * stale ({@link StaleMountCheck}: "Transport endpoint is not connected", "Stale file handle"): a
 * stale mount is unmounted ({@link Unmounter}) and mounted again. Cinder's GlusterFS driver
 * unmounted and remounted every share at every setup, under the feet of any other process using
 * it; here only a mount that serves nothing is.</li>
 * <li>The mount point is created with its parents ({@code mkdir -p}, as the service user).</li>
 * <li>Each command of a round runs as root through the {@link CommandRunner} until one mounts the
 * share; the round is repeated {@code rounds} times, the {@link org.remotefs.core.compute.Sleeper}
 * pausing between rounds.</li>
 * <li>A command counts as a success only if the mount point is in the mount table afterwards: one
 * that exits 0 without it is a failure (volumes would be written to the local disk under an empty
 * mount point, LP#1797233), and one that fails saying "busy" or "already mounted" is a success only
 * when the table shows the mount point mounted (another process won the race). os-brick looks the
 * share up among mount points there and so never finds it.</li>
 * </ol>
 *
 * <p>Secrets of the command lines are masked with the request's {@link Redaction} in every error
 * and log line written here. Note that the {@link CommandRunner} itself may log the commands it
 * runs at debug level. Thread-safe if the command runner is.
 */
@ForBackends
public final class MountRunner {
    private static final Logger LOG = LoggerFactory.getLogger(MountRunner.class);

    private final CommandRunner runner;
    private final ProcMounts mounts;
    private final Sleeper sleeper;
    private final StaleMountCheck staleCheck;
    private final Unmounter unmounter;
    private final Duration commandDeadline;

    /**
     * @param runner  runs the mount commands (as root, through its root helper)
     * @param mounts  the mount table that says whether the mount point is mounted
     * @param sleeper pauses between rounds (a fake one in tests)
     */
    public MountRunner(CommandRunner runner, ProcMounts mounts, Sleeper sleeper) {
        this(runner, mounts, sleeper, new StaleMountCheck());
    }

    /** @param staleCheck tells a stale mount, which is unmounted and mounted again */
    public MountRunner(CommandRunner runner, ProcMounts mounts, Sleeper sleeper, StaleMountCheck staleCheck) {
        this(runner, mounts, sleeper, staleCheck, null);
    }

    /**
     * @param commandDeadline how long one mount command may run ({@code share_io_timeout}): a mount
     *                        of a server that does not answer is stopped then and counts as a
     *                        failed attempt; null: the runner's own timeout
     */
    public MountRunner(CommandRunner runner, ProcMounts mounts, Sleeper sleeper, StaleMountCheck staleCheck,
                       Duration commandDeadline) {
        this.commandDeadline = commandDeadline;
        this.runner = runner;
        this.mounts = mounts;
        this.sleeper = sleeper;
        this.staleCheck = staleCheck;
        this.unmounter = new Unmounter(runner, mounts);
    }

    /**
     * Mounts the request's share at its mount point, unless it is mounted already. Idempotent: a
     * mounted mount point makes this return without running anything, unless the mount is stale:
     * then it is unmounted and mounted again.
     *
     * <p>An interrupt during the pause between rounds stops the attempts (the interrupt flag is set
     * again) and fails as below.
     *
     * @throws RemoteFsException {@code SHARE_IO_ERROR} with detail {@code share} when a stale mount
     *         cannot be unmounted, when the mount point cannot be created (nothing is run), or when
     *         every attempt of every round failed:
     *         the message names the share, where it was configured, and the last error of each
     *         command by name; secrets masked. Nothing is mounted then.
     * @throws RemoteFsException {@code INTERRUPTED} when the host asked to stop (the runner's)
     */
    public void mount(MountRequest request) {
        String address = request.share().address();
        Path mountPoint = request.mountPoint();
        // checked before the directory is touched: a stat of a hung mount point would block (the
        // stale check waits for one a bounded time only)
        if (mounts.isMounted(mountPoint)) {
            Optional<String> stale = staleCheck.staleReason(mountPoint);
            if (stale.isEmpty()) {
                return;
            }
            LOG.warn("{} is mounted at {} but stale ({}): unmounting it to mount it again", address, mountPoint,
                    stale.get());
            unmounter.unmount(request.share(), mountPoint);
        }
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot create mount point " + mountPoint + " for "
                    + address + ": " + e, Map.of("share", address), e);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (int round = 1; round <= request.rounds(); round++) {
            for (MountCommand command : request.commands()) {
                if (tryMount(request, command, errors)) {
                    return;
                }
            }
            if (round < request.rounds()) {
                LOG.warn("mount attempt {} of {} failed for {}: {}", round, request.rounds(), address, errors);
                try {
                    sleeper.sleep(request.pause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR,
                request.protocol() + " mount failed for share " + address + " (" + request.share().origin()
                        + ") after " + request.rounds() + " attempt(s). Error - " + errors,
                Map.of("share", address));
    }

    /** Runs one command; true when the share is mounted afterwards, else its (masked) error is recorded. */
    private boolean tryMount(MountRequest request, MountCommand command, Map<String, String> errors) {
        Path mountPoint = request.mountPoint();
        Redaction redaction = request.redaction();
        try {
            // the exec layer masks them too, in its own log and errors
            runner.run(new Command(command.arguments(), true, commandDeadline, null, false)
                    .withSecrets(redaction.secrets().toArray(String[]::new)));
            if (mounts.isMounted(mountPoint)) {
                return true;
            }
            errors.put(command.name(), "mount exited 0 but " + mountPoint + " is not in the mount table");
        } catch (ProcessExecutionException e) {
            String stderr = e.stderr();
            if ((stderr.contains("already mounted") || stderr.contains("busy")) && mounts.isMounted(mountPoint)) {
                LOG.info("{} is already mounted at {}", request.share().address(), mountPoint);
                return true;
            }
            // the exception's message holds the whole command line, secrets included
            errors.put(command.name(), redaction.mask(stderr.isBlank() ? e.getMessage() : stderr.strip()));
        }
        return false;
    }
}
