package org.remotefs.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.cli.cinderconf.CinderImport;
import org.remotefs.cli.cinderconf.CinderImporter;
import org.remotefs.cli.cinderconf.HoconWriter;
import org.remotefs.cli.cinderconf.ImportedBackend;
import org.remotefs.cli.cinderconf.ImportedService;
import org.remotefs.cli.cinderconf.IniDocument;
import org.remotefs.cli.cinderconf.IniParser;
import org.remotefs.cli.cinderconf.LeftOutBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code remotefs config ...}: the configuration itself. */
@Command(name = "config", description = "Work with the configuration: carry a cinder.conf over.",
        subcommands = {ConfigCommand.ImportCinder.class})
final class ConfigCommand extends GroupCommand {

    /**
     * {@code remotefs config import-cinder FILE}: a Cinder deployment's file-based backends as
     * remotefs configuration, so that an operator moving over does not retype (and mistype) them.
     */
    @Command(name = "import-cinder", description = {
            "Read a cinder.conf as Cinder does (enabled_backends, [backend_defaults], $ substitution) and write"
                    + " its NFS, GlusterFS and SMB backends as remotefs configuration, each option with a comment"
                    + " naming the section and line it came from.",
            "Without --output, the configuration goes to standard output with every secret replaced by "
                    + HoconWriter.PLACEHOLDER + "; with --output, to that file (mode 0600), secrets included, and"
                    + " a summary to standard output. Options remotefs does not know and backends whose driver it"
                    + " does not have (LVM, Ceph, ...) are warnings naming section and key.",
            "--backend SECTION (repeatable) carries only those sections."})
    static final class ImportCinder implements Runnable {
        private static final Logger LOG = LoggerFactory.getLogger(ImportCinder.class);

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The cinder.conf to read.")
        Path file;

        @Option(names = "--output", paramLabel = "FILE", description = "Write the configuration to this file, created"
                + " with mode 0600 (replaced if it exists), secrets included.")
        Path output;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            Path source = root.workingDirectory().resolve(file);
            IniDocument document = new IniParser().parse(file.toString(), read(source));
            CinderImport result = new CinderImporter(declaredOptions(root.session())).convert(document, root.backendNames());
            result.leftOut().forEach(left -> LOG.warn("backend [{}] left out: {}", left.name(), left.reason()));
            result.warnings().forEach(warning -> LOG.warn("{}", warning));
            if (result.backends().isEmpty()) {
                throw new RemoteFsException(ErrorCode.DRIVER_NOT_FOUND, "no backend of " + file + " has a driver remotefs"
                        + " has: " + result.leftOut().stream().map(l -> "[" + l.name() + "] " + l.reason())
                        .collect(Collectors.joining("; ")) + "; nothing written",
                        Map.of("file", file.toString(), "left_out",
                                String.join(",", result.leftOut().stream().map(LeftOutBackend::name).toList())));
            }
            if (output == null) {
                root.stdout().print(new HoconWriter(true).write(result));
                return;
            }
            Path target = root.workingDirectory().resolve(output);
            writePrivately(target, new HoconWriter(false).write(result));
            root.output().message("wrote " + result.backends().size() + " backend(s) to " + output);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("file", target.toString());
            summary.put("backends", result.backends().stream().map(ImportedBackend::name).toList());
            summary.put("drivers", result.backends().stream().map(ImportedBackend::driverId).toList());
            summary.put("left_out", result.leftOut().stream().map(LeftOutBackend::name).toList());
            summary.put("coordination", result.coordination().isPresent());
            summary.put("services", result.services().stream().map(ImportedService::section).toList());
            summary.put("warnings", result.warnings().size());
            root.output().object(summary);
        }

        /** Each driver id on the class path with the options its provider declares. */
        private static Map<String, List<OptionDescriptor>> declaredOptions(Session session) {
            Map<String, List<OptionDescriptor>> options = new LinkedHashMap<>();
            session.registry().candidates().forEach(c -> options.put(c.provider().id(), c.provider().options()));
            return options;
        }

        private String read(Path source) {
            try {
                return Files.readString(source, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw unreadable("there is no such file");
            } catch (AccessDeniedException e) {
                throw unreadable("permission denied");
            } catch (MalformedInputException e) {
                throw unreadable("it is not UTF-8 text");
            } catch (IOException e) {
                throw unreadable(Files.isDirectory(source) ? "it is a directory" : String.valueOf(e.getMessage()));
            }
        }

        private RemoteFsException unreadable(String why) {
            return new RemoteFsException(ErrorCode.INVALID_INPUT, "cannot read " + file + ": " + why,
                    Map.of("file", file.toString()));
        }

        /**
         * Writes the file so that no other user can ever read it: a new file made with mode 0600 next
         * to the target, then moved over it in one step.
         */
        private void writePrivately(Path target, String text) {
            Path directory = target.toAbsolutePath().getParent();
            Path temporary = null;
            try {
                temporary = Files.createTempFile(directory, "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (temporary != null) {
                    try {
                        Files.deleteIfExists(temporary);
                    } catch (IOException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                String why = e instanceof NoSuchFileException ? "its directory does not exist"
                        : e instanceof AccessDeniedException ? "permission denied"
                        : Files.isDirectory(target) ? "it is a directory" : String.valueOf(e.getMessage());
                throw new RemoteFsException(ErrorCode.INVALID_INPUT, "cannot write " + output + ": " + why,
                        Map.of("option", "--output", "file", output.toString()), e);
            }
        }
    }
}
