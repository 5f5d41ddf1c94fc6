package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.testing.FailingQemuImg;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Failing tools: each {@code qemu-img} step of each chain operation fails through a
 * {@link FailingQemuImg} first on the {@code remotefs} command's {@code PATH} — before it runs (the
 * tool failed) or after it ran to success (a lost answer) — on volumes holding known data. Each
 * time: the command fails with a coded error whose {@code details.step} names the step; the chain
 * is usable ({@code check} finds nothing, or {@code check --repair} repairs what it finds); the
 * volume, its snapshots and the other volumes read their data; the command retried without the
 * stand-in succeeds, and afterwards {@code check} finds nothing and no temporary file is left.
 *
 * <p>Two configurations: the default one, and one with a root helper ({@code env}) and
 * {@code nas_secure_file_operations = false}, where a snapshot's overlay (also a clone's temporary
 * snapshot) is written by {@code qemu-img create} and a delete re-points the image above with
 * {@code qemu-img rebase} instead of in-process. The volumes are made once
 * (through {@code remotefs}) and copied, sparse, for each case.
 */
class FailingToolsIT {
    private static final long GIB = 1L << 30;
    private static final int[] VOLUME_DATA = {0x11, 0x22, 0x33, 0x44};

    @TempDir
    static Path templateDirectory;

    @TempDir
    Path tempDir;

    /** Volume V (raw): 0x11 at MiB 0, snapshot A, 0x22 at MiB 1, B, 0x33 at MiB 2, C, 0x44 at MiB 3. */
    private static String v;
    private static String a;
    private static String b;
    private static String c;
    /** Volume W (vhd, no snapshots: the format takes none): 0x55 at MiB 0. */
    private static String w;
    /** Image {@code img} (qcow2, 64 MiB) of the local image service: 0x66 at MiB 0. */
    private static final String IMAGE = "img";
    private static Path template;

    private Path work;
    private Path share;
    private RemotefsProcess.Commands commands;
    private RemotefsProcess remotefs;
    private FailingQemuImg failing;

    @BeforeAll
    static void volumesWithKnownData() throws IOException {
        template = templateDirectory.toRealPath();
        RemotefsProcess maker = new RemotefsProcess(template);
        configure(template, false);
        List<String> options = List.of("--config", template.resolve("remotefs.conf").toString(), "--format", "json");
        Path templateShare = template.resolve("share");
        v = made(maker, options, "volume", "create", "--size", "1");
        List<String> ids = new ArrayList<>();
        for (int block = 0; block < 4; block++) {
            if (block > 0) {
                ids.add(made(maker, options, "snapshot", "create", v));
            }
            String active = active(templateShare, v);
            write(template, templateShare.resolve(active), formatOf(active), VOLUME_DATA[block], block);
        }
        a = ids.get(0);
        b = ids.get(1);
        c = ids.get(2);
        w = made(maker, options, "volume", "create", "--size", "1", "--volume-format", "vhd");
        write(template, templateShare.resolve("volume-" + w + ".vhd"), "vpc", 0x55, 0);
        Path image = template.resolve("images").resolve(IMAGE);
        exec(template, "qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "64M");
        write(template, image, "qcow2", 0x66, 0);
    }

    @BeforeEach
    void copyOfTheVolumes() throws IOException {
        work = tempDir.toRealPath();
        share = work.resolve("share");
        exec(work, "cp", "-a", "--sparse=always", template.resolve("share").toString(), share.toString());
        exec(work, "cp", "-a", template.resolve("images").toString(), work.resolve("images").toString());
        remotefs = new RemotefsProcess(work);
        failing = new FailingQemuImg(work.resolve("failing-bin")).start();
    }

    @ParameterizedTest(name = "{0}: {1}, qemu-img {2} (call {3}) fails {4}")
    @CsvSource({
            // the default configuration: overlays in-process, every other step qemu-img's; each
            // step fails once before it runs or after (both, each step, in LocalFsFaultInjectionIT)
            "default,     snapshot delete newest, commit,  1, before",
            "default,     snapshot delete newest, commit,  1, after",
            "default,     snapshot delete middle, commit,  1, after",
            "default,     snapshot delete oldest, commit,  1, before",
            "default,     clone,                  convert, 1, before",
            "default,     volume from snapshot,   convert, 1, after",
            // vhd: sized by qemu-img info (before: twice, each retried by the optimistic read, so
            // every call fails; after: once), grown through a raw copy (convert, resize, convert)
            "default,     extend vhd,             info,    0, before",
            "default,     extend vhd,             convert, 1, before",
            "default,     extend vhd,             resize,  1, after",
            "default,     extend vhd,             convert, 2, after",
            "default,     extend vhd,             info,    3, before",
            "default,     upload to image,        convert, 1, after",
            "default,     volume from image,      convert, 1, before",
            "default,     volume from image,      resize,  1, after",
            // a root helper: a snapshot's overlay (a clone's temporary one too) is qemu-img create's,
            // a delete's re-pointing qemu-img rebase's (in-process otherwise: a header rewrite)
            "root-helper, snapshot create,        create,  1, before",
            "root-helper, snapshot create,        create,  1, after",
            "root-helper, clone,                  create,  1, before",
            "root-helper, clone,                  convert, 1, after",
            "root-helper, snapshot delete middle, rebase,  1, before",
            "root-helper, snapshot delete middle, rebase,  1, after",
            "root-helper, snapshot delete oldest, rebase,  1, after",
            // a qcow2 extend is in-process by default (its L1 table grown as qemu-img grows it)
            "root-helper, extend qcow2,           resize,  1, before",
            "root-helper, extend qcow2,           resize,  1, after"})
    void aFailingQemuImgStepGivesACodedErrorNamingItLeavesTheChainUsableAndARetrySucceeds(
            String configuration, String operation, String step, int nth, String when) throws IOException {
        configure(work, configuration.equals("root-helper"));
        commands = remotefs.with(List.of("--config", work.resolve("remotefs.conf").toString(), "--format", "json"));
        String target = UUID.randomUUID().toString();
        String deleted = switch (operation) {
            case "snapshot delete newest" -> c;
            case "snapshot delete middle" -> b;
            case "snapshot delete oldest" -> a;
            default -> null;
        };
        String[] command = switch (operation) {
            case "snapshot create" -> new String[] {"snapshot", "create", v, "--id", target};
            case "snapshot delete newest", "snapshot delete middle", "snapshot delete oldest" ->
                    new String[] {"snapshot", "delete", deleted};
            case "clone" -> new String[] {"volume", "create", "--source-volume", v, "--id", target};
            case "volume from snapshot" -> new String[] {"volume", "create", "--snapshot", b, "--id", target};
            case "extend qcow2" -> new String[] {"volume", "extend", v, "--size", "2"};
            case "extend vhd" -> new String[] {"volume", "extend", w, "--size", "2"};
            case "upload to image" -> new String[] {"volume", "upload-to-image", v, "--image", "up-" + target};
            case "volume from image" -> new String[] {"volume", "create", "--size", "1", "--image", IMAGE, "--id", target};
            default -> throw new IllegalArgumentException(operation);
        };

        Result failed = remotefs.start(failing.failing(step, nth, when.equals("after")), commands.args(command)).finish();

        assertThat(failing.failures()).as("the stand-in failed qemu-img %s; calls: %s", step, failing.calls())
                .isNotEmpty().containsOnly(step);
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        JsonNode error = failed.stderrJson();
        assertThat(error.path("code").asText()).as(failed.toString()).isEqualTo(ErrorCode.PROCESS_EXECUTION.name());
        assertThat(error.path("details").path("step").asText()).isEqualTo("qemu-img " + step);
        assertThat(error.path("message").asText()).contains("qemu-img " + step);

        // the chain is usable: nothing found, or all of it repaired
        JsonNode found = findings();
        if (!found.isEmpty() && when.equals("after")) {
            Result repaired = commands.run("check", "--repair");
            assertThat(repaired.exitCode()).as("check --repair: %s", repaired).isZero();
            assertThat(findings()).isEmpty();
        } else {
            // a finding here is a step the next operation on the volume finishes (the retry below)
            found.forEach(finding -> assertThat(finding.path("code").asText()).as(finding.toString())
                    .isEqualTo("INTERRUPTED_SNAPSHOT_DELETE"));
        }
        assertAllRead(deleted);
        assertNoTemporaryFile();

        boolean doneByRepair = deleted != null && !info(v).has(deleted);
        if (doneByRepair) {
            Result gone = commands.run("snapshot", "show", deleted);
            assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(1);
            assertThat(gone.stderrJson().path("code").asText()).isEqualTo(ErrorCode.SNAPSHOT_NOT_FOUND.name());
        } else {
            Result retried = commands.run(command);
            assertThat(retried.exitCode()).as("the retry: %s", retried).isZero();
        }
        assertThat(findings()).as("check after the retry").isEmpty();
        assertNoTemporaryFile();
        assertAllRead(null);
        if (deleted != null) {
            assertThat(info(v).has(deleted)).as("snapshot %s deleted", deleted).isFalse();
        }
        switch (operation) {
            case "snapshot create" -> assertThat(info(v).path("active").asText()).isEqualTo("volume-" + v + "." + target);
            case "clone" -> assertReads(share.resolve("volume-" + target), "raw", VOLUME_DATA);
            case "volume from snapshot" -> assertReads(share.resolve("volume-" + target), "raw", 0x11, 0x22, 0, 0);
            case "volume from image" -> assertReads(share.resolve("volume-" + target), "raw", 0x66, 0);
            case "extend qcow2" -> assertThat(virtualSize(active(share, v), "qcow2")).isEqualTo(2 * GIB);
            case "extend vhd" -> assertThat(virtualSize("volume-" + w + ".vhd", "vpc")).isEqualTo(2 * GIB);
            case "upload to image" -> assertReads(work.resolve("images").resolve("up-" + target), "raw", VOLUME_DATA);
            default -> { }
        }
        if (operation.startsWith("volume from") || operation.equals("clone")) {
            assertThat(virtualSize("volume-" + target, "raw")).isEqualTo(GIB);
        }
    }

    /** What {@code check} finds: none (exit 0), or findings with {@code CHECK_FAILED}. */
    private JsonNode findings() {
        Result checked = commands.run("check");
        if (checked.exitCode() != 0) {
            assertThat(checked.exitCode()).as(checked.toString()).isEqualTo(1);
            assertThat(checked.stderrJson().path("code").asText()).isEqualTo(ErrorCode.CHECK_FAILED.name());
        }
        return checked.stdoutJson().path("findings");
    }

    private long virtualSize(String file, String format) {
        return RemotefsProcess.parseOne(exec(work, "qemu-img", "info", "-U", "-f", format, "--output=json",
                share.resolve(file).toString()).stdout(), "qemu-img info").path("virtual-size").asLong();
    }

    /** V reads its data, every snapshot of it still listed (but {@code deleting}) its own, W its. */
    private void assertAllRead(String deleting) {
        String active = active(share, v);
        assertReads(share.resolve(active), formatOf(active), VOLUME_DATA);
        JsonNode info = info(v);
        for (Iterator<Map.Entry<String, JsonNode>> it = info.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String snapshot = entry.getKey();
            int taken = snapshot.equals(a) ? 1 : snapshot.equals(b) ? 2 : snapshot.equals(c) ? 3 : 0;
            if (taken == 0 || snapshot.equals(deleting)) {
                continue;
            }
            // a snapshot's data is its overlay's backing chain: the volume when it was taken
            JsonNode header = RemotefsProcess.parseOne(exec(work, "qemu-img", "info", "-U", "--output=json",
                    share.resolve(entry.getValue().asText()).toString()).stdout(), "qemu-img info");
            int[] expected = new int[4];
            System.arraycopy(VOLUME_DATA, 0, expected, 0, taken);
            assertReads(share.resolve(header.path("backing-filename").asText()),
                    header.path("backing-filename-format").asText("raw"), expected);
        }
        assertReads(share.resolve("volume-" + w + ".vhd"), "vpc", 0x55);
    }

    private void assertNoTemporaryFile() throws IOException {
        try (Stream<Path> files = Files.list(share)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("files on the share")
                    .noneMatch(name -> name.contains(".tmp-"));
        }
    }

    private void assertReads(Path image, String format, int... patterns) {
        RemotefsProcess.assertReads(image, format, work, patterns);
    }

    private JsonNode info(String volume) {
        return info(share, volume);
    }

    private static JsonNode info(Path share, String volume) {
        try {
            return RemotefsProcess.parseOne(Files.readString(share.resolve("volume-" + volume + ".info")), "info");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String active(Path share, String volume) {
        return Files.exists(share.resolve("volume-" + volume + ".info")) ? info(share, volume).path("active").asText()
                : "volume-" + volume;
    }

    private static String formatOf(String file) {
        return file.matches("volume-[0-9a-f-]{36}") ? "raw" : "qcow2";
    }

    private static void write(Path directory, Path image, String format, int pattern, int block) {
        exec(directory, "qemu-io", "-f", format, "-c", "write -P " + pattern + " " + block + "M 1M", image.toString());
    }

    /** The configuration of {@code directory}: its share, locks, images and conversion directory. */
    private static void configure(Path directory, boolean rootHelper) throws IOException {
        Files.createDirectories(directory.resolve("share"));
        Files.createDirectories(directory.resolve("images"));
        Path conversion = directory.resolve("conversion");
        if (!Files.exists(conversion)) {
            Files.createDirectory(conversion,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.writeString(directory.resolve("remotefs.conf"), """
                remotefs.coordination.backend_url = "file://%s"
                remotefs.backends.gold {
                  driver = localfs, nas_share_path = "%s", image_conversion_dir = "%s"
                  %s
                }
                remotefs.image_service { type = local, local_directory = "%s" }
                """.formatted(directory.resolve("locks"), directory.resolve("share"), conversion,
                // through a root helper ("env" runs the command as it is), a snapshot's overlay is
                // qemu-img's, a step that can fail
                rootHelper ? "root_helper = env, nas_secure_file_operations = false" : "",
                directory.resolve("images")), StandardCharsets.UTF_8);
    }

    private static String made(RemotefsProcess maker, List<String> options, String... command) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(command));
        Result result = maker.run(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdoutJson().path("id").asText();
    }

    private static Result exec(Path directory, String... command) {
        Result result = RemotefsProcess.exec(List.of(command), directory);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }
}
