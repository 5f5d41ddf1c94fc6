package org.remotefs.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The class-data sharing training run (remotefs-cli's pom, package phase; README "Fast start"):
 * runs the commands whose start-up matters, in one JVM, so that the list of classes it loads, which
 * the build then dumps into the archive, holds what each of them needs: {@code volume show} of a
 * volume that is there (table and JSON) and of one that is not, {@code volume list},
 * {@code drivers}. A build tool, not part of the command line.
 */
public final class CdsTraining {
    /** The volume the training share holds: a sparse raw file of 1 GiB. */
    static final String VOLUME_ID = "00000000-0000-4000-8000-000000000001";
    static final String MISSING_ID = "00000000-0000-4000-8000-000000000000";

    private CdsTraining() {
    }

    /**
     * @param args the training configuration file, then the share directory it names
     */
    public static void main(String[] args) throws IOException {
        String config = args[0];
        Path share = Files.createDirectories(Path.of(args[1]));
        try (RandomAccessFile volume = new RandomAccessFile(share.resolve("volume-" + VOLUME_ID).toFile(), "rw")) {
            volume.setLength(1L << 30);
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Path here = Path.of("").toAbsolutePath();
        List<List<String>> commands = List.of(
                List.of("volume", "show", VOLUME_ID),
                List.of("--format", "json", "volume", "show", VOLUME_ID),
                List.of("--format", "json", "volume", "show", MISSING_ID),
                List.of("volume", "list"),
                List.of("--format", "json", "drivers"));
        for (List<String> command : commands) {
            RemoteFsCommand.run(withConfig(config, command), out, err, here);
        }
        // the last one as the launcher starts any: through main, which also installs the signal handlers
        RemoteFsCommand.main(withConfig(config, List.of("drivers")));
    }

    private static String[] withConfig(String config, List<String> command) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("--config", config), command.stream())
                .toArray(String[]::new);
    }
}
