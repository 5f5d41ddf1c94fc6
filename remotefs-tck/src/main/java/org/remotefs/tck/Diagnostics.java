package org.remotefs.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a failed test leaves in the report: the shares' state and what the driver ran. */
final class Diagnostics {
    private Diagnostics() {
    }

    static String describe(TckBackend backend) {
        List<String> lines = new ArrayList<>();
        for (Path share : backend.shareDirectories()) {
            lines.add("== share " + share);
            if (!Files.isDirectory(share)) {
                lines.add("(missing)");
                continue;
            }
            try (Stream<Path> files = Files.list(share)) {
                for (Path file : files.sorted().toList()) {
                    String name = file.getFileName().toString();
                    lines.add(name + "  " + Files.size(file) + " bytes");
                    if (name.endsWith(".info")) {
                        lines.add("   " + Files.readString(file).replace("\n", "\n   "));
                    }
                }
                try (Stream<Path> again = Files.list(share)) {
                    for (Path file : again.sorted().toList()) {
                        String name = file.getFileName().toString();
                        if (name.startsWith("volume-") && !name.endsWith(".info")) {
                            lines.add("-- qemu-img info --backing-chain " + name);
                            lines.add(QemuTools.backingChain(file));
                        }
                    }
                }
            } catch (IOException e) {
                lines.add("cannot list: " + e);
            }
        }
        List<String> commands = backend.commandLog();
        lines.add("== commands the driver ran (" + commands.size() + ")");
        lines.addAll(commands.subList(Math.max(0, commands.size() - 50), commands.size()));
        return String.join("\n", lines);
    }
}
