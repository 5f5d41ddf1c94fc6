package org.remotefs.nfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts an NFS share as os-brick does, under Cinder's retries: {@code mkdir -p} of the mount
 * point, then {@code mount -t nfs [-o <options>] [share-line options] <share> <mount point>} with
 * the version attempts of {@link NfsMountOptions}, the whole sequence {@code nfs_mount_attempts}
 * times a second apart. An error saying the share is busy or already mounted is a success only if
 * the mount point really is mounted now (os-brick compares the share with mount points and never
 * finds it). A mount command that exits 0 without the mount point appearing in the mount table
 * is a failure too.
 */
final class NfsMounter {
    private static final Logger LOG = LoggerFactory.getLogger(NfsMounter.class);

    private final CommandRunner runner;
    private final ProcMounts mounts;
    private final Sleeper sleeper;
    private final String mountOptions;
    private final int attempts;

    NfsMounter(CommandRunner runner, ProcMounts mounts, Sleeper sleeper, String mountOptions, int attempts) {
        this.runner = runner;
        this.mounts = mounts;
        this.sleeper = sleeper;
        this.mountOptions = mountOptions;
        this.attempts = Math.max(1, attempts);
    }

    void mount(Share share, Path mountPoint) {
        if (mounts.isMounted(mountPoint)) {
            return;
        }
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot create mount point " + mountPoint + " for "
                    + share.address() + ": " + e, Map.of("share", share.address()), e);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            for (Map.Entry<String, String> version : NfsMountOptions.attempts(mountOptions).entrySet()) {
                try {
                    runner.run(command(share, mountPoint, version.getValue(), mountOptions));
                    if (mounts.isMounted(mountPoint)) {
                        return;
                    }
                    // a mount that "succeeds" without a mount would have volumes written to the
                    // local disk under the mount point (LP#1797233): not a success
                    errors.put(version.getKey(), "mount exited 0 but " + mountPoint + " is not in the mount table");
                } catch (ProcessExecutionException e) {
                    String stderr = e.stderr();
                    if ((stderr.contains("already mounted") || stderr.contains("busy")) && mounts.isMounted(mountPoint)) {
                        LOG.info("{} is already mounted at {}", share.address(), mountPoint);
                        return;
                    }
                    errors.put(version.getKey(), stderr.isBlank() ? e.getMessage() : stderr.strip());
                }
            }
            if (attempt < attempts) {
                LOG.warn("mount attempt {} of {} failed for {}: {}", attempt, attempts, share.address(), errors);
                try {
                    sleeper.sleep(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR,
                "NFS mount failed for share " + share.address() + " (" + share.origin() + ") after " + attempts
                        + " attempt(s). Error - " + errors, Map.of("share", share.address()));
    }

    /**
     * With {@code nas_host}, Cinder gives the share {@code nas_mount_options} as its line options and
     * os-brick passes them again as bare arguments after {@code -o nas_mount_options}, which mount
     * reads as a device: share options equal to the backend's {@code -o} are not repeated here.
     */
    private static Command command(Share share, Path mountPoint, String options, String backendOptions) {
        List<String> arguments = new ArrayList<>(List.of("mount", "-t", "nfs"));
        if (options != null && !options.isBlank()) {
            arguments.add("-o");
            arguments.add(options);
        }
        if (share.options() != null && !share.options().isBlank() && !share.options().equals(backendOptions)) {
            arguments.addAll(List.of(share.options().strip().split("\\s+")));
        }
        arguments.add(share.address());
        arguments.add(mountPoint.toString());
        return new Command(arguments, true, null, null, false);
    }
}
