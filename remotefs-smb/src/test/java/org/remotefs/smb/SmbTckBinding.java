package org.remotefs.smb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.BackendConfig;
import org.remotefs.tck.CoreTckBackends;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.SimpleTckBackend;
import org.remotefs.tck.TckBackend;
import org.remotefs.tck.TckBinding;
import org.remotefs.tck.TckServices;
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.TmpfsShare;

/**
 * The SMB backend for the TCK: two shares (two pools), each stood in for by a tmpfs mounted at its
 * hashed mount point with the share string as its device (this kernel has no CIFS client; the
 * mount command lines are checked by {@code SmbMounterIT}, the protocol path by
 * {@code SmbProtocolIT}), share lines with credentials, a recording mount as root helper.
 */
public final class SmbTckBinding implements TckBinding {
    private static final String HOST = "//127.0.0.1/";
    private static final String OPTIONS = "username=CORP\\tck,password=\"tck, p=w\",vers=3.0";

    @Override
    public String backendId() {
        return SmbDriverProvider.ID;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        // shares of their own per backend a test opens: a second backend is other shares (migration)
        List<String> shares = List.of(HOST + "tck-" + scratch.getFileName() + "-a",
                HOST + "tck-" + scratch.getFileName() + "/b");
        List<String> lines = shares.stream().map(share -> share + " " + OPTIONS).toList();
        Path conversion = Files.createDirectories(scratch.resolve("conversion"));
        // Cinder's generic over-subscription (the NFS binding's max_over_subscription_ratio = 20): the
        // contracts make volumes as large as a share; smbfs_oversub_ratio = 1.0 would refuse them
        BackendConfig backend = BackendConfig.of("tck").option("image_conversion_dir", conversion)
                .option("smbfs_oversub_ratio", 20.0);
        backend = switch (provisioning) {
            case THIN -> backend.option("smbfs_default_volume_format", "raw").option("smbfs_sparsed_volumes", true);
            case THICK -> backend.option("smbfs_default_volume_format", "raw").option("smbfs_sparsed_volumes", false);
            case QCOW2 -> backend.option("smbfs_default_volume_format", "qcow2").option("smbfs_qcow2_volumes", true);
        };
        return openOn(scratch, lines, backend, services);
    }

    @Override
    public Optional<TckBackend> openWithSharesFile(Path scratch, List<String> lines) throws Exception {
        return Optional.of(openOn(scratch, lines, BackendConfig.of("tck"), null));
    }

    @Override
    public List<String> validShareLines(Path scratch, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(HOST + "lines-" + scratch.getParent().getFileName() + "-" + i + " " + OPTIONS);
        }
        return lines;
    }

    /** Stand-ins for the lines' shares (those in //host/share form), then the driver on them. */
    private static TckBackend openOn(Path scratch, List<String> lines, BackendConfig backend, TckServices services)
            throws Exception {
        Path base = Files.createDirectories(scratch.resolve("mnt"));
        RecordingMount fake = new RecordingMount(scratch).withFilesystemType("cifs").start();
        Set<String> addresses = new LinkedHashSet<>();
        for (String line : lines) {
            // what Cinder's rules read as a share: no comment, no indented line
            if (!line.isBlank() && !line.startsWith(" ") && line.startsWith("//")) {
                addresses.add(line.split(" ")[0]);
            }
        }
        List<TmpfsShare> standIns = new ArrayList<>();
        try {
            for (String address : addresses) {
                standIns.add(new TmpfsShare(address).withMountPoint(MountPoints.under(base, address)).withSize("3G")
                        .start());
            }
            Path sharesFile = Files.write(scratch.resolve("smbfs_shares"), lines);
            BackendConfig configured = backend
                    .option("smbfs_shares_config", sharesFile)
                    .option("smbfs_mount_point_base", base)
                    .option("nas_secure_file_operations", false)
                    .option("root_helper", fake.rootHelper());
            Map<String, String> environment = Map.of("mount_type",
                    "tmpfs stand-ins for the SMB shares at their hashed mount points");
            List<Path> directories = standIns.stream().map(TmpfsShare::mountPoint).toList();
            SimpleTckBackend opened = services == null
                    ? CoreTckBackends.open(new SmbDriverProvider(), configured, directories, environment)
                    : CoreTckBackends.open(new SmbDriverProvider(), configured, directories, environment, services);
            for (TmpfsShare standIn : standIns) {
                opened = opened.withClose(standIn);
            }
            return opened;
        } catch (RuntimeException e) {
            standIns.forEach(TmpfsShare::close);
            throw e;
        }
    }
}
