package ${package};

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * How the TCK gets a fresh ${backendId} backend: one share directory and a mount point base under
 * the scratch directory. Listed in {@code META-INF/services/org.remotefs.tck.TckBinding}.
 */
public final class ${classPrefix}TckBinding implements TckBinding {
    private static final String ID = ${classPrefix}DriverProvider.ID;
    /** What the conformance report says the backend ran on. */
    private static final Map<String, String> ENVIRONMENT = Map.of("mount_type", "symbolic link");

    @Override
    public String backendId() {
        return ID;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        Path share = Files.createDirectories(scratch.resolve("exported"));
        BackendConfig backend = provisioning(BackendConfig.of("tck")
                .option("nas_host", ID)
                .option("nas_share_path", share), provisioning)
                .option(ID + "_mount_point_base", scratch.resolve("mnt"));
        return CoreTckBackends.open(new ${classPrefix}DriverProvider(), backend, List.of(share), ENVIRONMENT, services);
    }

    @Override
    public Optional<TckBackend> openWithSharesFile(Path scratch, List<String> lines) throws Exception {
        Path file = Files.write(scratch.resolve("shares"), lines);
        List<Path> shares = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(ID + ":/")) {
                shares.add(Path.of(line.split(" ")[0].substring(ID.length() + 1)));
            }
        }
        BackendConfig backend = BackendConfig.of("tck")
                .option(ID + "_shares_config", file)
                .option(ID + "_mount_point_base", scratch.resolve("mnt"));
        return Optional.of(CoreTckBackends.open(new ${classPrefix}DriverProvider(), backend, shares, ENVIRONMENT));
    }

    @Override
    public List<String> validShareLines(Path scratch, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path directory = scratch.resolve("exported-" + i);
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            lines.add(ID + ":" + directory);
        }
        return lines;
    }

    private static BackendConfig provisioning(BackendConfig backend, Provisioning provisioning) {
        return switch (provisioning) {
            case THIN -> backend.option(ID + "_sparsed_volumes", true);
            case THICK -> backend.option(ID + "_sparsed_volumes", false);
            case QCOW2 -> backend.option(ID + "_qcow2_volumes", true);
        };
    }
}
