package org.remotefs.nfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.QemuTools;

/**
 * This machine's kernel has no NFS client. The stand-in for a mounted export: a tmpfs mounted at
 * the share's exact hashed mount point with the share string as its device name, so that
 * {@code /proc/mounts} lists the share there as a kernel NFS mount would. Needs root.
 */
final class TmpfsStandIn implements AutoCloseable {
    final String share;
    final Path mountPoint;

    TmpfsStandIn(Path base, String share, String size) throws Exception {
        this.share = share;
        this.mountPoint = MountPoints.under(base, share);
        Files.createDirectories(mountPoint);
        QemuTools.Result result = QemuTools.exec(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, share,
                mountPoint.toString()));
        Assumptions.assumeTrue(result.exitCode() == 0,
                "a tmpfs stand-in cannot be mounted here (root and mount(2) are needed): " + result.output());
    }

    @Override
    public void close() {
        QemuTools.exec(List.of("umount", "-l", mountPoint.toString()));
    }
}
