package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.testing.Fuzz;
import org.remotefs.testing.FuzzInputs;

/**
 * Random command lines, built from the command line's own words (commands, options, the ids of
 * volumes and snapshots that exist or may, sizes, formats) and junk, run in this JVM through the
 * command's entry point against a localfs backend on a temporary share. Every run must end with
 * a defined exit status (0, 1 or 2), print no stack trace (unless {@code --verbose} asks for one)
 * and no "unexpected error"; and a run that is refused (a status other than 0) must leave the
 * share and the image directory as they were — every file's name, size, time and content.
 *
 * <p>Not in the vocabulary: {@code tck} and {@code bench}, which run for minutes and write
 * reports of their own. A refused delete of several ids, or {@code check --repair}, may have done
 * part of its work (each id is reported): the share is not compared after those.
 */
final class CommandLineFuzzTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /** The command builds a whole driver each run: the budget only bounds a runaway. */
    private static final long BUDGET = 4L << 30;
    private static final Set<Integer> EXIT_STATUSES = Set.of(0, 1, 2);

    private static final List<String> VOLUMES = List.of("0b5c9d2e-7f41-4a8e-9c3d-2e6f1a7b8c90",
            "1c6daf3f-8052-4b9f-ad4e-3f7a2b8c9d01", "2d7eb040-9163-4cae-be5f-4a8b3c9dae12");
    private static final List<String> SNAPSHOTS = List.of("3e8fc151-a274-4dbf-8f60-5b9c4dae0f23",
            "4f90d262-b385-4ec0-9071-6cad5ebf1034", "5a01e373-c496-4fd1-a182-7dbe6fc02145");
    private static final List<List<String>> COMMANDS = List.of(
            List.of("volume", "create"), List.of("volume", "create"), List.of("volume", "show"),
            List.of("volume", "list"), List.of("volume", "extend"), List.of("volume", "delete"),
            List.of("volume", "upload-to-image"), List.of("snapshot", "create"), List.of("snapshot", "create"),
            List.of("snapshot", "delete"), List.of("snapshot", "show"), List.of("snapshot", "list"),
            List.of("snapshot", "revert"), List.of("connection", "show"), List.of("stats"), List.of("check"),
            List.of("backends"), List.of("drivers"), List.of("locks"), List.of("image", "list"),
            List.of("image", "show"), List.of("image", "delete"), List.of("config", "import-cinder"),
            List.of("generate", "completion"), List.of("generate", "man-pages"), List.of("help"), List.of("volume"),
            List.of("snapshot"), List.of());
    private static final List<String> FLAGS = List.of("--cascade", "--force", "--repair", "--refresh", "--remount",
            "--help", "-h", "--version", "-V", "-v", "--verbose", "--strict", "--");

    /** Every path of the vocabulary lies in it: man-pages and a file lock service make the directory they are given. */
    @TempDir
    Path work;

    private Path config;
    private Path share;
    private Path images;
    private Map<String, List<String>> values;

    @BeforeEach
    void backend() throws IOException {
        share = Files.createDirectories(work.resolve("share"));
        images = Files.createDirectories(work.resolve("images"));
        Files.write(images.resolve("img1"), new byte[1 << 20]);
        config = work.resolve("remotefs.conf");
        Files.writeString(config, """
                remotefs.coordination.backend_url = "file://%s"
                remotefs.image_service { type = local, local_directory = "%s" }
                remotefs.backends.default { driver = localfs, nas_share_path = "%s" }
                """.formatted(work.resolve("locks"), images, share));
        Files.writeString(work.resolve("cinder.conf"), "[DEFAULT]\nenabled_backends = nfs1\n[nfs1]\n"
                + "volume_driver = cinder.volume.drivers.nfs.NfsDriver\nnfs_shares_config = /etc/cinder/nfs_shares\n");
        List<String> ids = new ArrayList<>(VOLUMES);
        ids.addAll(SNAPSHOTS);
        ids.addAll(List.of("not-a-uuid", "", VOLUMES.get(0).toUpperCase(java.util.Locale.ROOT), VOLUMES.get(0) + "x",
                "../" + VOLUMES.get(0), "volume-" + VOLUMES.get(0), "\u0000", "-1", "img1", "\u00e9"));
        values = Map.ofEntries(
                Map.entry("--size", List.of("1", "1", "2", "3", "0", "-1", "1.5", "99999999999", "9223372036854775807",
                        "1e3", "0x10", "", "one")),
                Map.entry("--id", ids), Map.entry("--snapshot", ids), Map.entry("--source-volume", ids),
                Map.entry("--pool", List.of("default", "share", "nope", "")),
                Map.entry("--image", List.of("img1", "img2", "nope", "../remotefs.conf", "", "\u00e9")),
                Map.entry("--volume-format", List.of("raw", "qcow2", "vhd", "vhdx", "vpc", "QCOW2", "luks", "")),
                Map.entry("--backend", List.of("default", "nope", "")),
                Map.entry("--format", List.of("json", "table", "yaml", "value", "xml", "")),
                Map.entry("-f", List.of("json", "table", "JSON", "")),
                Map.entry("-c", List.of("id", "size", "status", "code", "nope")),
                Map.entry("--output", List.of(work.resolve("out.conf").toString(), "")),
                Map.entry("--coordination", List.of("inprocess://", "file://" + work.resolve("other-locks"),
                        "zk://nowhere:1")),
                Map.entry("--config", List.of(config.toString(), work.resolve("missing.conf").toString(), "")));
        // the first command makes what the driver's setup makes on a new share, whatever the command
        // (Cinder's secure-environment marker, as its do_setup at start): not the work of an input
        Result first = run(List.of("--config", config.toString(), "check"));
        assertThat(first.status()).as(first.stderr()).isZero();
    }

    @Test
    void everyCommandLineEndsWithADefinedStatusAndARefusedOneWritesNothing() {
        new Fuzz<>("command line", 250, DEADLINE, BUDGET, this::arguments, args -> String.join(" ", args.stream()
                .map(a -> "'" + a + "'").toList()))
                .run(args -> {
                    Map<String, String> before = listing();
                    Result result = run(args);
                    String output = result.stdout() + result.stderr();
                    assertThat(result.status()).as(output).isIn(EXIT_STATUSES);
                    assertThat(output).doesNotContain("unexpected error").doesNotContain("DRIVER_ERROR")
                            .doesNotContain("DRIVER_LOAD_FAILED");
                    if (!args.contains("-v") && !args.contains("--verbose")) {
                        assertThat(output).doesNotContain("\tat ").doesNotContain("Exception in thread")
                                .doesNotContain("Caused by:");
                    }
                    if (result.status() != 0 && !partial(args)) {
                        assertThat(listing()).as("share and images after a refused command\n" + output)
                                .isEqualTo(before);
                    }
                    return "exit " + result.status();
                });
    }

    /** A refused command that may have done part of its work: a delete of several ids, a repair. */
    private static boolean partial(List<String> args) {
        int delete = args.indexOf("delete");
        if (delete >= 0 && args.subList(delete + 1, args.size()).stream().filter(a -> !a.startsWith("-")).count() > 1) {
            return true;
        }
        return args.contains("check") && args.contains("--repair");
    }

    /** What each command takes: positional kinds (volume, snapshot, image, path) and its own options. */
    private static final Map<String, List<String>> GRAMMAR = Map.ofEntries(
            Map.entry("volume create", List.of("--size", "--size", "--id", "--snapshot", "--source-volume", "--pool",
                    "--image", "--volume-format")),
            Map.entry("volume show", List.of("VOLUME")), Map.entry("volume list", List.of()),
            Map.entry("volume extend", List.of("VOLUME", "--size")),
            Map.entry("volume delete", List.of("VOLUME", "VOLUME", "--cascade", "--force")),
            Map.entry("volume upload-to-image", List.of("VOLUME", "--image")),
            Map.entry("snapshot create", List.of("VOLUME", "--id")),
            Map.entry("snapshot delete", List.of("SNAPSHOT", "SNAPSHOT")), Map.entry("snapshot show", List.of("SNAPSHOT")),
            Map.entry("snapshot list", List.of("VOLUME")), Map.entry("snapshot revert", List.of("SNAPSHOT")),
            Map.entry("connection show", List.of("VOLUME")), Map.entry("stats", List.of("--refresh")),
            Map.entry("check", List.of("VOLUME", "--repair")), Map.entry("backends", List.of("--remount")),
            Map.entry("drivers", List.of()), Map.entry("locks", List.of("--coordination")),
            Map.entry("image list", List.of()), Map.entry("image show", List.of("IMAGE")),
            Map.entry("image delete", List.of("IMAGE")), Map.entry("config import-cinder", List.of("CINDER", "--output")),
            Map.entry("generate completion", List.of()), Map.entry("generate man-pages", List.of("PAGES")),
            Map.entry("help", List.of("COMMAND")));
    private static final List<String> GLOBAL = List.of("--format", "-f", "-c", "-v", "--backend");

    private List<String> arguments(Random random) {
        return random.nextInt(10) < 7 ? wellFormed(random) : mixed(random);
    }

    /** A command with arguments of the kinds it takes (the values themselves may still be wrong). */
    private List<String> wellFormed(Random random) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString()));
        String command = FuzzInputs.pick(random, List.copyOf(new TreeMap<>(GRAMMAR).keySet()));
        args.addAll(List.of(command.split(" ")));
        List<String> slots = GRAMMAR.get(command);
        for (String slot : slots) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            switch (slot) {
                case "VOLUME" -> args.add(random.nextInt(6) > 0 ? FuzzInputs.pick(random, VOLUMES)
                        : FuzzInputs.pick(random, values.get("--id")));
                case "SNAPSHOT" -> args.add(random.nextInt(6) > 0 ? FuzzInputs.pick(random, SNAPSHOTS)
                        : FuzzInputs.pick(random, values.get("--id")));
                case "IMAGE" -> args.add(FuzzInputs.pick(random, List.of("img1", "img2", "nope", "")));
                case "CINDER" -> args.add(FuzzInputs.pick(random, List.of(work.resolve("cinder.conf").toString(),
                        work.resolve("missing").toString())));
                case "PAGES" -> args.add(work.resolve("pages").toString());
                case "COMMAND" -> args.addAll(FuzzInputs.pick(random, COMMANDS));
                default -> {
                    args.add(slot);
                    if (values.containsKey(slot)) {
                        args.add(slot.equals("--size") && random.nextBoolean() ? "1" : slot.equals("--id")
                                && command.startsWith("snapshot") ? FuzzInputs.pick(random, SNAPSHOTS)
                                : FuzzInputs.pick(random, values.get(slot)));
                    }
                }
            }
        }
        if (random.nextInt(4) == 0) {
            String option = FuzzInputs.pick(random, GLOBAL);
            args.add(option);
            if (values.containsKey(option)) {
                args.add(FuzzInputs.pick(random, values.get(option)));
            }
        }
        return args;
    }

    /** Words of every command and option in any order, and junk. */
    private List<String> mixed(Random random) {
        List<String> args = new ArrayList<>();
        if (random.nextInt(10) > 0) {
            args.addAll(List.of("--config", config.toString()));
        }
        if (random.nextInt(8) > 0) {
            args.addAll(FuzzInputs.pick(random, COMMANDS));
        }
        int more = random.nextInt(5);
        for (int i = 0; i < more; i++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2 -> args.add(FuzzInputs.pick(random, random.nextInt(3) == 0 ? SNAPSHOTS : VOLUMES));
                case 3, 4, 5 -> {
                    String option = FuzzInputs.pick(random, List.copyOf(new TreeMap<>(values).keySet()));
                    String value = FuzzInputs.pick(random, values.get(option));
                    if (random.nextInt(6) == 0) {
                        args.add(option + "=" + value);
                    } else {
                        args.add(option);
                        if (random.nextInt(8) > 0) {
                            args.add(value);
                        }
                    }
                }
                case 6 -> args.add(FuzzInputs.pick(random, FLAGS));
                case 7 -> args.add(FuzzInputs.pick(random, List.of(work.resolve("cinder.conf").toString(),
                        work.resolve("pages").toString(), work.resolve("missing").toString(), "img1")));
                case 8 -> args.add(FuzzInputs.pick(random, COMMANDS.get(random.nextInt(COMMANDS.size() - 1))));
                default -> args.add(random.nextBoolean() ? FuzzInputs.text(random, 8)
                        : FuzzInputs.pick(random, List.of("--unknown", "-", "-x", "--size=", "-fjson", "--format=json")));
            }
        }
        return args;
    }

    // found by this class: check (and volume delete --force) decided the share's security mode, which
    // writes its marker on a new share, before it refused an id that is not a UUID
    @Test
    void aRefusedIdWritesNothingToANewShare() throws IOException {
        Path fresh = Files.createDirectories(work.resolve("fresh"));
        Path freshConfig = work.resolve("fresh.conf");
        Files.writeString(freshConfig, Files.readString(config).replace(share.toString(), fresh.toString()));
        for (List<String> command : List.of(List.of("check", "not-a-uuid"), List.of("volume", "delete", "--force",
                "not-a-uuid"), List.of("check", "--repair", VOLUMES.get(0), "x"))) {
            List<String> args = new ArrayList<>(List.of("--config", freshConfig.toString(), "-f", "json"));
            args.addAll(command);

            Result result = run(args);

            assertThat(result.status()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stderr()).contains("\"INVALID_INPUT\"");
            try (Stream<Path> files = Files.list(fresh)) {
                assertThat(files).as(String.join(" ", command)).isEmpty();
            }
        }
    }

    private record Result(int status, String stdout, String stderr) {
    }

    private Result run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = RemoteFsCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), work);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Every file and directory of the share and the image directory: its size, modification time
     * and a digest of its first and last MiB (volume files are sparse GiBs; any write through the
     * driver also moves the modification time).
     */
    private Map<String, String> listing() throws IOException {
        Map<String, String> listing = new TreeMap<>();
        for (Path root : List.of(share, images)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.toList()) {
                    String name = work.relativize(path).toString();
                    if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        listing.put(name + "/", "directory");
                    } else {
                        listing.put(name, Files.size(path) + " bytes, modified "
                                + Files.getLastModifiedTime(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).toInstant()
                                + ", " + digest(path));
                    }
                }
            }
        }
        return listing;
    }

    private static String digest(Path file) throws IOException {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return "not a regular file";
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size = Files.size(file);
            try (var channel = java.nio.channels.FileChannel.open(file)) {
                for (long start : size <= 2 << 20 ? new long[]{0} : new long[]{0, size - (1 << 20)}) {
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size, size <= 2 << 20
                            ? size : 1 << 20));
                    while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                        // keep reading
                    }
                    buffer.flip();
                    sha.update(buffer);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
