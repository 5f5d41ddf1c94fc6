package org.remotefs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Stands in for a mounted network share (an NFS export, for instance) on a machine whose kernel has
 * no client for it: a tmpfs mounted at the share's mount point with the share string as its device
 * name, so that {@code /proc/mounts} lists the share there as a kernel mount would, and the driver
 * writes real files into it.
 *
 * <p>Needs root (mount(2)); without it {@link #start()} throws {@link FixtureUnavailableException}.
 * The caller names the mount point: for a core-based backend, {@code MountPoints.under(base, share)},
 * the hashed one its driver looks at.
 */
public final class TmpfsShare implements AutoCloseable {
    private final String device;
    private Path mountPoint;
    private String size = "1G";
    private boolean mounted;

    /** @param device the share as the mount table shows it, {@code 127.0.0.1:/export} */
    public TmpfsShare(String device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /** Where to mount it (required); created when missing. */
    public TmpfsShare withMountPoint(Path mountPoint) {
        this.mountPoint = mountPoint;
        return this;
    }

    /** tmpfs's {@code size=} (default {@code 1G}); the memory is used only as files are written. */
    public TmpfsShare withSize(String size) {
        this.size = Objects.requireNonNull(size, "size");
        return this;
    }

    public TmpfsShare start() {
        if (mountPoint == null) {
            throw new IllegalStateException("no mount point: call withMountPoint first");
        }
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Commands.Result result = Commands.exec(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, device,
                mountPoint.toString()));
        if (result.exitCode() != 0) {
            throw new FixtureUnavailableException(
                    "a tmpfs stand-in cannot be mounted here (root and mount(2) are needed): " + result.output());
        }
        mounted = true;
        return this;
    }

    public String device() {
        return device;
    }

    public Path mountPoint() {
        return mountPoint;
    }

    /** Unmounts it (lazily: a process still in it does not keep it); its files go with it. */
    @Override
    public void close() {
        if (mounted) {
            Commands.exec(List.of("umount", "-l", mountPoint.toString()));
            mounted = false;
        }
    }
}
