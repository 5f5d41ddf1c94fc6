package org.remotefs.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.tck.BackendConfig;
import org.remotefs.tck.CoreTckBackends;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.TckBackend;
import org.remotefs.tck.TckBinding;
import org.remotefs.tck.TckServices;

/** How the TCK gets a fresh example backend: one share directory and a mount point base under the scratch directory. */
public final class ExampleTckBinding implements TckBinding {

    private static final Map<String, String> ENVIRONMENT = Map.of("mount_type", "symbolic link");

    @Override
    public String backendId() {
        return ExampleDriverProvider.ID;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        Path share = Files.createDirectories(scratch.resolve("exported"));
        BackendConfig backend = provisioning(BackendConfig.of("tck")
                .option("nas_host", "example")
                .option("nas_share_path", share), provisioning)
                .option("example_mount_point_base", scratch.resolve("mnt"));
        return CoreTckBackends.open(new ExampleDriverProvider(), backend, List.of(share), ENVIRONMENT, services);
    }

    @Override
    public Optional<TckBackend> openWithSharesFile(Path scratch, List<String> lines) throws Exception {
        Path file = Files.write(scratch.resolve("shares"), lines);
        List<Path> shares = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("example:/")) {
                shares.add(Path.of(line.split(" ")[0].substring("example:".length())));
            }
        }
        BackendConfig backend = BackendConfig.of("tck")
                .option("example_shares_config", file)
                .option("example_mount_point_base", scratch.resolve("mnt"));
        return Optional.of(CoreTckBackends.open(new ExampleDriverProvider(), backend, shares, ENVIRONMENT));
    }

    @Override
    public List<String> validShareLines(Path scratch, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path directory = scratch.resolve("exported-" + i);
            try {
                Files.createDirectories(directory);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            lines.add("example:" + directory);
        }
        return lines;
    }

    private static BackendConfig provisioning(BackendConfig backend, Provisioning provisioning) {
        return switch (provisioning) {
            case THIN -> backend.option("example_sparsed_volumes", true);
            case THICK -> backend.option("example_sparsed_volumes", false);
            case QCOW2 -> backend.option("example_qcow2_volumes", true);
        };
    }
}
