package org.remotefs.nfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.BackendConfig;
import org.remotefs.tck.CoreTckBackends;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.TckBackend;
import org.remotefs.tck.TckBinding;
import org.remotefs.tck.TckServices;
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.TmpfsShare;

/**
 * The NFS backend for the TCK: one share whose export is stood in for by a tmpfs mounted at its
 * hashed mount point (this kernel has no NFS client; see the README for running against a real
 * server), a recording mount.nfs for the setup check, snapshots on.
 */
public final class NfsTckBinding implements TckBinding {
    private static final String EXPORT = "127.0.0.1:/tck-export";

    @Override
    public String backendId() {
        return NfsDriverProvider.ID;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        Path base = Files.createDirectories(scratch.resolve("mnt"));
        // one export per backend a test opens: a second backend is another share (migration across shares)
        String share = EXPORT + "-" + scratch.getFileName();
        RecordingMount fake = new RecordingMount(scratch).withProgram("mount.nfs").withFilesystemType("nfs4").start();
        TmpfsShare standIn = new TmpfsShare(share).withMountPoint(MountPoints.under(base, share)).withSize("3G").start();
        Path shares = Files.writeString(scratch.resolve("nfs_shares"), share + "\n");
        // a configured image_conversion_dir must exist: the driver makes its private directories in it
        Path conversion = Files.createDirectories(scratch.resolve("conversion"));
        BackendConfig backend = BackendConfig.of("tck")
                .option("nfs_shares_config", shares)
                .option("nfs_mount_point_base", base)
                .option("nfs_snapshot_support", true)
                .option("nas_secure_file_operations", false)
                .option("root_helper", fake.rootHelper())
                .option("image_conversion_dir", conversion);
        backend = switch (provisioning) {
            case THIN -> backend.option("nfs_sparsed_volumes", true);
            case THICK -> backend.option("nfs_sparsed_volumes", false);
            case QCOW2 -> backend.option("nfs_qcow2_volumes", true);
        };
        try {
            return CoreTckBackends.open(new NfsDriverProvider(), backend, List.of(standIn.mountPoint()),
                    Map.of("mount_type", "tmpfs stand-in for " + share + " at its hashed mount point"), services)
                    .withClose(standIn);
        } catch (RuntimeException e) {
            standIn.close();
            throw e;
        }
    }
}
