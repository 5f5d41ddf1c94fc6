package org.remotefs.core.volume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;

/**
 * A typed wrapper over {@code qemu-img}: every call names its format with {@code -f} (never
 * probing a header a tenant may have written).
 */
public final class QemuImg {
    private final CommandRunner runner;

    public QemuImg(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * {@code qemu-img create -f <format> [-o <options>] <path> <bytes>}.
     *
     * @param options qemu-img {@code -o} options such as {@code preallocation=metadata}; empty for none
     */
    public void create(Path path, ImageFormat format, long sizeBytes, List<String> options, boolean asRoot) {
        List<String> arguments = new ArrayList<>(List.of("qemu-img", "create", "-f", format.qemuName()));
        if (!options.isEmpty()) {
            arguments.add("-o");
            arguments.add(String.join(",", options));
        }
        arguments.add(path.toString());
        arguments.add(Long.toString(sizeBytes));
        runner.run(new Command(arguments, asRoot, null, null));
    }

    /** The first line of {@code qemu-img --version}. */
    public String version() {
        String out = runner.run(Command.of("qemu-img", "--version")).stdout();
        return out.lines().findFirst().orElse("").strip();
    }
}
