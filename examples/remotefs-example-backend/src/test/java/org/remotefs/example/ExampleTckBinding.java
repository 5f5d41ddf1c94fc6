package org.remotefs.example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.tck.CoreTckBackends;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.TckBackend;
import org.remotefs.tck.TckBinding;

import com.typesafe.config.ConfigUtil;

/** How the TCK gets a fresh example backend: one share directory and a mount point base under the scratch directory. */
public final class ExampleTckBinding implements TckBinding {

    @Override
    public String backendId() {
        return ExampleDriverProvider.ID;
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning) throws Exception {
        Path share = Files.createDirectories(scratch.resolve("exported"));
        return open(scratch, "nas_host = example, nas_share_path = " + ConfigUtil.quoteString(share.toString())
                + "\n" + provisioning(provisioning), List.of(share));
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
        return Optional.of(open(scratch, "example_shares_config = " + ConfigUtil.quoteString(file.toString()), shares));
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

    private static TckBackend open(Path scratch, String options, List<Path> shares) {
        String all = options + "\nexample_mount_point_base = " + ConfigUtil.quoteString(scratch.resolve("mnt").toString());
        return CoreTckBackends.open(ExampleDriverProvider::new, all, shares, Map.of("mount_type", "symbolic link"));
    }

    private static String provisioning(Provisioning provisioning) {
        return switch (provisioning) {
            case THIN -> "example_sparsed_volumes = true";
            case THICK -> "example_sparsed_volumes = false";
            case QCOW2 -> "example_qcow2_volumes = true";
        };
    }
}
