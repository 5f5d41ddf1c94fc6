package org.remotefs.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.core.localfs.LocalFsDriverProvider;

/**
 * The TCK binding of the built-in localfs backend: shares are directories under the scratch
 * directory. As made by its public constructor, localfs names its files as Cinder's NFS driver
 * does; its build also runs the whole TCK with Cinder's SMB names
 * ({@code localfs_volume_file_names = extension}), under the id {@code localfs-extension-names}.
 */
public final class LocalFsTckBinding implements TckBinding {
    private final boolean extensionNames;

    public LocalFsTckBinding() {
        this(false);
    }

    /** @param extensionNames {@code localfs_volume_file_names = extension}: every file named by its format */
    LocalFsTckBinding(boolean extensionNames) {
        this.extensionNames = extensionNames;
    }

    @Override
    public String backendId() {
        return extensionNames ? LocalFsDriverProvider.ID + "-extension-names" : LocalFsDriverProvider.ID;
    }

    @Override
    public boolean namesFilesByFormat() {
        return extensionNames;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        Path share = Files.createDirectories(scratch.resolve("share"));
        // a configured image_conversion_dir must exist: the driver makes its private directories in it
        Path conversion = Files.createDirectories(scratch.resolve("conversion"));
        BackendConfig backend = provisioning(naming(BackendConfig.of("tck").option("nas_share_path", share)), provisioning)
                .option("image_conversion_dir", conversion)
                // pools on, so that the pool contract runs on every build (NFS covers flat stats)
                .option("localfs_report_pools", true);
        return CoreTckBackends.open(new LocalFsDriverProvider(), backend, List.of(share), environment(), services);
    }

    @Override
    public Optional<TckBackend> openWithSharesFile(Path scratch, List<String> lines) throws Exception {
        Path file = scratch.resolve("shares");
        Files.write(file, lines);
        List<Path> shares = new ArrayList<>();
        for (String line : lines) {
            String address = line.strip().split(" ")[0];
            if (line.startsWith("/")) {
                shares.add(Path.of(address));
            }
        }
        BackendConfig backend = naming(BackendConfig.of("tck").option("localfs_shares_config", file));
        return Optional.of(CoreTckBackends.open(new LocalFsDriverProvider(), backend, shares, environment()));
    }

    @Override
    public List<String> validShareLines(Path scratch, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(scratch.resolve("share-" + i).toString());
        }
        return lines;
    }

    private BackendConfig naming(BackendConfig backend) {
        return backend.option("localfs_volume_file_names", extensionNames ? "extension" : "plain");
    }

    private static BackendConfig provisioning(BackendConfig backend, Provisioning provisioning) {
        return switch (provisioning) {
            case THIN -> backend.option("localfs_sparsed_volumes", true);
            case THICK -> backend.option("localfs_sparsed_volumes", false);
            case QCOW2 -> backend.option("localfs_qcow2_volumes", true);
        };
    }

    private static Map<String, String> environment() {
        return Map.of("mount_type", "none (local directories)");
    }
}
