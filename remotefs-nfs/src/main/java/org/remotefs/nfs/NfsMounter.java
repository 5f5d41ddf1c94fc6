package org.remotefs.nfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.remotefs.core.compute.Sleeper;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.mount.MountCommand;
import org.remotefs.core.mount.MountRequest;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.mount.Redaction;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;

/**
 * Mounts an NFS share as os-brick does, under Cinder's retries, through core's
 * {@link MountRunner}: {@code mount -t nfs [-o <options>] [share-line options] <share> <mount point>}
 * with the version attempts of {@link NfsMountOptions}, the whole sequence
 * {@code nfs_mount_attempts} times a second apart. What the runner adds (mkdir -p, the mount
 * table checks, busy or already mounted) is described there.
 */
final class NfsMounter {
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final MountRunner mountRunner;
    private final String mountOptions;
    private final int attempts;

    NfsMounter(CommandRunner runner, ProcMounts mounts, Sleeper sleeper, String mountOptions, int attempts) {
        this(new MountRunner(runner, mounts, sleeper), mountOptions, attempts);
    }

    NfsMounter(MountRunner mountRunner, String mountOptions, int attempts) {
        this.mountRunner = mountRunner;
        this.mountOptions = mountOptions;
        // Cinder's max(1, nfs_mount_attempts)
        this.attempts = Math.max(1, attempts);
    }

    void mount(Share share, Path mountPoint) {
        List<MountCommand> commands = NfsMountOptions.attempts(mountOptions).entrySet().stream()
                .map(version -> new MountCommand(version.getKey(),
                        arguments(share, mountPoint, version.getValue(), mountOptions)))
                .toList();
        mountRunner.mount(new MountRequest(share, mountPoint, "NFS", commands, attempts, PAUSE, Redaction.none()));
    }

    /**
     * With {@code nas_host}, Cinder gives the share {@code nas_mount_options} as its line options and
     * os-brick passes them again as bare arguments after {@code -o nas_mount_options}, which mount
     * reads as a device: share options equal to the backend's {@code -o} are not repeated here.
     */
    private static List<String> arguments(Share share, Path mountPoint, String options, String backendOptions) {
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
        return arguments;
    }
}
