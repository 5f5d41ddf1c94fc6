package org.remotefs.glusterfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.BackendConfig;
import org.remotefs.tck.CoreTckBackends;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.TckBackend;
import org.remotefs.tck.TckBinding;
import org.remotefs.tck.TckServices;
import org.remotefs.testing.GlusterServer;

/**
 * The GlusterFS backend for the TCK, on a real GlusterFS volume mounted for real: each backend a
 * test opens gets a fresh directory of the volume as its share ({@code host:/volume/tck-<uuid>}, a
 * sub-directory mount), so tests share no file and pay no volume creation. The volume is named by
 * the configuration parameter {@value #VOLUME} ({@code host:/volume}), and {@value #ROOT} names where
 * its root is mounted, to make those directories in; {@link GlusterTckIT} sets both, starting a
 * local glusterd unless a volume of a real cluster is given.
 *
 * <p>Sparse raw files ({@link Provisioning#THIN}) are not a layout {@code nas_volume_prov_type} can
 * ask for: a backend asked for them is refused here, before anything is made.
 */
public final class GlusterTckBinding implements TckBinding {
    /** The GlusterFS volume the shares are directories of: {@code host:/volume}. */
    public static final String VOLUME = "remotefs.tck.glusterfs.volume";
    /** Where that volume's root is mounted. */
    public static final String ROOT = "remotefs.tck.glusterfs.root";

    private final String volume;
    private final Path root;

    public GlusterTckBinding() {
        this(null, null);
    }

    private GlusterTckBinding(String volume, Path root) {
        this.volume = volume;
        this.root = root;
    }

    @Override
    public TckBinding configured(Function<String, Optional<String>> parameters) {
        return new GlusterTckBinding(parameters.apply(VOLUME).orElse(null),
                parameters.apply(ROOT).map(Path::of).orElse(null));
    }

    @Override
    public String backendId() {
        return GlusterFsDriverProvider.ID;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        if (provisioning == Provisioning.THIN) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED, "GlusterFS makes no sparse raw volume files:"
                    + " nas_volume_prov_type is thin (qcow2 files) or thick (fully allocated raw files)",
                    Map.of("option", "nas_volume_prov_type", "capability", "THIN"));
        }
        String share = freshShare();
        Path base = Files.createDirectories(scratch.resolve("mnt"));
        Path shares = Files.writeString(scratch.resolve("glusterfs_shares"), share + "\n");
        // a configured image_conversion_dir must exist: the driver makes its private directories in it
        Path conversion = Files.createDirectories(scratch.resolve("conversion"));
        BackendConfig backend = BackendConfig.of("tck")
                .option("glusterfs_shares_config", shares)
                .option("glusterfs_mount_point_base", base)
                .option("nas_volume_prov_type", provisioning == Provisioning.THICK ? "thick" : "thin")
                .option("nas_secure_file_operations", "false")
                .option("image_conversion_dir", conversion);
        Cleanup cleanup = new Cleanup(base, List.of(share));
        try {
            return CoreTckBackends.open(new GlusterFsDriverProvider(), backend, List.of(MountPoints.under(base, share)),
                    environment(share), services).withClose(cleanup);
        } catch (RuntimeException e) {
            cleanup.close();
            throw e;
        }
    }

    @Override
    public Optional<TckBackend> openWithSharesFile(Path scratch, List<String> lines) throws Exception {
        Files.createDirectories(scratch);
        Path base = Files.createDirectories(scratch.resolve("mnt"));
        Path shares = Files.writeString(scratch.resolve("glusterfs_shares"), String.join("\n", lines) + "\n");
        List<String> ours = lines.stream().filter(line -> !line.isBlank()).map(line -> line.strip().split(" ")[0])
                .filter(this::isOurs).distinct().toList();
        BackendConfig backend = BackendConfig.of("tck")
                .option("glusterfs_shares_config", shares)
                .option("glusterfs_mount_point_base", base)
                .option("nas_secure_file_operations", "false");
        Cleanup cleanup = new Cleanup(base, ours);
        try {
            return Optional.of(CoreTckBackends.open(new GlusterFsDriverProvider(), backend,
                    ours.stream().map(share -> MountPoints.under(base, share)).toList(), environment(volume))
                    .withClose(cleanup));
        } catch (RuntimeException e) {
            cleanup.close();
            throw e;
        }
    }

    @Override
    public List<String> validShareLines(Path scratch, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(freshShare());
        }
        return lines;
    }

    /** A new directory of the volume, as a share of its own. */
    private String freshShare() {
        if (volume == null || root == null) {
            throw new IllegalStateException("no GlusterFS volume for the TCK: set the configuration parameters " + VOLUME
                    + " (host:/volume) and " + ROOT + " (where its root is mounted); GlusterTckIT sets both");
        }
        String directory = "tck-" + UUID.randomUUID();
        try {
            Files.createDirectory(root.resolve(directory));
        } catch (IOException e) {
            throw new IllegalStateException("cannot make directory " + directory + " on " + volume + ": " + e, e);
        }
        return volume + "/" + directory;
    }

    private boolean isOurs(String share) {
        return volume != null && share.startsWith(volume + "/");
    }

    private static Map<String, String> environment(String share) {
        return Map.of("mount_type", "GlusterFS (FUSE) mount of " + share);
    }

    /** Unmounts what the driver mounted under its base, and removes its shares' directories from the volume. */
    private final class Cleanup implements AutoCloseable {
        private final Path base;
        private final List<String> shares;

        Cleanup(Path base, List<String> shares) {
            this.base = base;
            this.shares = shares;
        }

        @Override
        public void close() throws IOException {
            for (String mountPoint : mountsUnder(base)) {
                if (umount(List.of("umount", mountPoint)) != 0 && umount(List.of("umount", "-l", mountPoint)) != 0) {
                    throw new IllegalStateException("cannot unmount " + mountPoint);
                }
                GlusterServer.deleteClientLog(Path.of(mountPoint));
            }
            for (String share : shares) {
                Path directory = root.resolve(share.substring(volume.length() + 1));
                if (Files.exists(directory)) {
                    try (Stream<Path> files = Files.walk(directory)) {
                        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(file);
                        }
                    }
                }
            }
        }

        private static List<String> mountsUnder(Path base) throws IOException {
            String prefix = base.toRealPath() + "/";
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String mountPoint = line.split(" ")[1].replace("\\040", " ");
                if (mountPoint.startsWith(prefix)) {
                    mounts.add(0, mountPoint);
                }
            }
            return mounts;
        }

        private static int umount(List<String> command) {
            try {
                return new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                throw new IllegalStateException(command + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(command + " interrupted", e);
            }
        }
    }
}
