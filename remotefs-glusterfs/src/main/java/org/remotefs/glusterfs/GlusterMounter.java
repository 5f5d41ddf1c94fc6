package org.remotefs.glusterfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.remotefs.core.mount.MountCommand;
import org.remotefs.core.mount.MountRequest;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.mount.Redaction;
import org.remotefs.core.share.Share;

/**
 * The GlusterFS mount command line, os-brick's for type {@code glusterfs}:
 * {@code mount -t glusterfs [share-line options] <host>:/<volume> <mount point>}, one attempt (Cinder's
 * GlusterFS driver made one). The share line's options are passed through as they are, split on
 * white space ({@code -o backup-volfile-servers=h2:h3}, or the older
 * {@code -o backupvolfile-server=h2}); the driver does not interpret them. What the runner adds
 * (mkdir -p, the mount table checks, busy or already mounted, a stale mount mounted again) is
 * described there.
 */
final class GlusterMounter {
    private final MountRunner mountRunner;

    GlusterMounter(MountRunner mountRunner) {
        this.mountRunner = mountRunner;
    }

    /** @param mountPoint the mount point as the kernel lists it (resolved) */
    void mount(Share share, Path mountPoint) {
        mountRunner.mount(new MountRequest(share, mountPoint, "GlusterFS",
                List.of(new MountCommand("glusterfs", arguments(share, mountPoint))), 1, Duration.ZERO,
                Redaction.none()));
    }

    static List<String> arguments(Share share, Path mountPoint) {
        List<String> arguments = new ArrayList<>(List.of("mount", "-t", "glusterfs"));
        if (share.options() != null && !share.options().isBlank()) {
            arguments.addAll(List.of(share.options().strip().split("\\s+")));
        }
        arguments.add(share.address());
        arguments.add(mountPoint.toString());
        return arguments;
    }
}
