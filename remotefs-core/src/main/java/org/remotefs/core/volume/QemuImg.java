package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.host.OperationProgress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * A typed wrapper over {@code qemu-img}. Every call names the format of every image it opens
 * ({@code -f}, {@code -F}, {@code -O}), so qemu-img never probes a header that a tenant may have
 * written. Writes of backing names are relative ({@code -u}: the chain is rewired, not copied).
 */
@Singleton
public final class QemuImg {
    private final CommandRunner runner;
    /** Made when qemu-img's JSON is first read: a command that runs no qemu-img never sets Jackson up. */
    private final Supplier<ObjectMapper> mapper;
    private final OperationProgress progress;

    /** A wrapper that reports no progress. */
    public QemuImg(CommandRunner runner, ObjectMapper mapper) {
        this(runner, mapper, OperationProgress.none());
    }

    /** @param progress told the progress {@code convert} and {@code commit} print, inside an operation */
    public QemuImg(CommandRunner runner, ObjectMapper mapper, OperationProgress progress) {
        this(runner, (Supplier<ObjectMapper>) () -> mapper, progress);
    }

    /** The wiring's: the mapper is made when first needed. */
    @Inject
    QemuImg(CommandRunner runner, com.google.inject.Provider<ObjectMapper> mapper, OperationProgress progress) {
        this(runner, (Supplier<ObjectMapper>) mapper::get, progress);
    }

    private QemuImg(CommandRunner runner, Supplier<ObjectMapper> mapper, OperationProgress progress) {
        this.runner = runner;
        this.mapper = mapper;
        this.progress = progress;
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
        run(arguments, asRoot);
    }

    /**
     * {@code qemu-img create -f qcow2 -b <backing name> -F <backing format> <path>}: an overlay
     * whose recorded backing name is {@code backingName} as given (relative to the overlay's
     * directory) with its format explicit, of the backing image's size. One process, where Cinder
     * runs {@code create} with an absolute path and then {@code rebase -u}.
     */
    public void createOverlay(Path path, String backingName, ImageFormat backingFormat, boolean asRoot) {
        run(List.of("qemu-img", "create", "-f", "qcow2", "-b", backingName, "-F", backingFormat.qemuName(),
                path.toString()), asRoot);
    }

    /** {@code qemu-img info -f <format> --output=json --force-share <path>}. */
    public QemuImgInfo info(Path path, ImageFormat format, boolean asRoot) {
        String out = run(List.of("qemu-img", "info", "-f", format.qemuName(), "--output=json", "--force-share",
                path.toString()), asRoot);
        try {
            JsonNode json = mapper.get().readTree(out);
            return new QemuImgInfo(json.path("format").asText(), json.path("virtual-size").asLong(),
                    json.path("actual-size").asLong(), text(json, "backing-filename"),
                    text(json, "backing-filename-format"));
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.PROCESS_EXECUTION, "qemu-img info of " + path
                    + " printed no JSON: " + e.getMessage(), Map.of("file", path.toString()), e);
        }
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    /** {@code qemu-img commit -f qcow2 -d <overlay>}: merges the overlay into its backing file, keeping the overlay. */
    public void commit(Path overlay, boolean asRoot) {
        runWithProgress(new ArrayList<>(List.of("qemu-img", "commit", "-f", "qcow2", "-d", overlay.toString())), asRoot);
    }

    /** {@code qemu-img rebase -u -f qcow2 -b <backing name> -F <format> <image>}: rewrites the backing pointer only. */
    public void rebaseUnsafe(Path image, String backingName, ImageFormat backingFormat, boolean asRoot) {
        run(List.of("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", backingName, "-F", backingFormat.qemuName(),
                image.toString()), asRoot);
    }

    /** {@code qemu-img resize -f <format> <path> <bytes>}. */
    public void resize(Path path, ImageFormat format, long sizeBytes, boolean asRoot) {
        run(List.of("qemu-img", "resize", "-f", format.qemuName(), path.toString(), Long.toString(sizeBytes)), asRoot);
    }

    /**
     * {@code qemu-img convert -f <source format> -O <target format> <source> <target>}: copies the
     * source's content — its whole backing chain, flattened — into a new image.
     */
    public void convert(Path source, ImageFormat sourceFormat, Path target, ImageFormat targetFormat, boolean asRoot) {
        convert(source, sourceFormat, target, targetFormat, List.of(), asRoot);
    }

    /** {@code qemu-img convert -f <source format> -O <target format> [-o <options>] <source> <target>}. */
    public void convert(Path source, ImageFormat sourceFormat, Path target, ImageFormat targetFormat,
                        List<String> options, boolean asRoot) {
        List<String> arguments = new ArrayList<>(List.of("qemu-img", "convert", "-f", sourceFormat.qemuName(),
                "-O", targetFormat.qemuName()));
        if (!options.isEmpty()) {
            arguments.add("-o");
            arguments.add(String.join(",", options));
        }
        arguments.add(source.toString());
        arguments.add(target.toString());
        runWithProgress(arguments, asRoot);
    }

    /** The first line of {@code qemu-img --version}. */
    public String version() {
        return run(List.of("qemu-img", "--version"), false).lines().findFirst().orElse("").strip();
    }

    /**
     * Inside an operation, with {@code -p} after the subcommand, its progress read as it is printed;
     * outside one, as it is (no output nobody reads).
     */
    private void runWithProgress(List<String> arguments, boolean asRoot) {
        if (!progress.active()) {
            run(arguments, asRoot);
            return;
        }
        arguments.add(2, "-p");
        // the output is read on the runner's thread: the step is taken here, on the operation's
        OperationProgress.Step step = progress.step();
        runner.run(new Command(arguments, asRoot, null, null, false),
                new QemuImgProgress(percent -> step.fraction(percent / 100, -1, -1)));
    }

    private String run(List<String> arguments, boolean asRoot) {
        return runner.run(new Command(arguments, asRoot, null, null, false)).stdout();
    }
}
