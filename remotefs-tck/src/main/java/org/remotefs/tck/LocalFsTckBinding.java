package org.remotefs.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.core.localfs.LocalFsDriverProvider;

import com.typesafe.config.ConfigUtil;

/** The TCK binding of the built-in localfs backend: shares are directories under the scratch directory. */
public final class LocalFsTckBinding implements TckBinding {

    @Override
    public String backendId() {
        return LocalFsDriverProvider.ID;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        Path share = Files.createDirectories(scratch.resolve("share"));
        // a configured image_conversion_dir must exist: the driver makes its private directories in it
        Path conversion = Files.createDirectories(scratch.resolve("conversion"));
        String options = "nas_share_path = " + ConfigUtil.quoteString(share.toString()) + "\n"
                + provisioning(provisioning) + "\nimage_conversion_dir = "
                + ConfigUtil.quoteString(conversion.toString())
                // pools on, so that the pool contract runs on every build (NFS covers flat stats)
                + "\nlocalfs_report_pools = true";
        return CoreTckBackends.open(LocalFsDriverProvider::new, options, List.of(share), environment(), services);
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
        String options = "localfs_shares_config = " + ConfigUtil.quoteString(file.toString());
        return Optional.of(CoreTckBackends.open(LocalFsDriverProvider::new, options, shares, environment()));
    }

    @Override
    public List<String> validShareLines(Path scratch, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(scratch.resolve("share-" + i).toString());
        }
        return lines;
    }

    private static String provisioning(Provisioning provisioning) {
        return switch (provisioning) {
            case THIN -> "localfs_sparsed_volumes = true";
            case THICK -> "localfs_sparsed_volumes = false";
            case QCOW2 -> "localfs_qcow2_volumes = true";
        };
    }

    private static Map<String, String> environment() {
        return Map.of("mount_type", "none (local directories)");
    }
}
