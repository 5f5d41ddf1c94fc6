package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.cli.RemotefsProcess.Running;
import org.remotefs.testing.SlowQemuImg;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kill -9 at every step: each chain operation on a volume holding known data (0x11 in its base,
 * snapshot A, 0x22, snapshot B, 0x33 — one MiB block each) is killed with SIGKILL while a
 * {@link SlowQemuImg} holds it before or after each of its {@code qemu-img} steps (deterministic
 * injection points). Then: {@code check --repair} leaves nothing wrong; the volume still reads its
 * data, and so does every snapshot that still exists; the operation retried succeeds; and after the
 * volumes are deleted nothing of them is left on the share.
 */
class CrashConsistencyIT {
    private static final Duration PAUSE_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tempDir;

    private Path work;
    private Path share;
    private RemotefsProcess.Commands commands;
    private RemotefsProcess remotefs;
    private SlowQemuImg slow;
    private final List<Long> paused = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        work = tempDir.toRealPath();
        share = Files.createDirectories(work.resolve("share"));
        Path images = Files.createDirectories(work.resolve("images"));
        Path conversion = Files.createDirectory(work.resolve("conversion"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.coordination.backend_url = "file://%s"
                remotefs.backends.gold {
                  driver = localfs, nas_share_path = "%s", image_conversion_dir = "%s"
                  # through a root helper (env), a snapshot's overlay is qemu-img's: a step the
                  # harness can pause and kill at (in-process, it is written under a temporary name
                  # and renamed, which the leftover sweep covers, with no qemu-img step to hold)
                  root_helper = env, nas_secure_file_operations = false
                }
                remotefs.image_service { type = local, local_directory = "%s" }
                """.formatted(work.resolve("locks"), share, conversion, images), StandardCharsets.UTF_8);
        remotefs = new RemotefsProcess(work);
        commands = remotefs.with(List.of("--config", work.resolve("remotefs.conf").toString(), "--format", "json"));
        slow = new SlowQemuImg(work.resolve("slow-bin")).start();
    }

    @AfterEach
    void noPausedProcessOutlivesTheTest() {
        // a kill -9 leaves its paused child behind by design; the test stops it by its process id
        paused.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        slow.close();
    }

    @ParameterizedTest(name = "{0}: kill -9 {2} qemu-img {1}")
    @CsvSource({
            "snapshot create,        create,  before",
            "snapshot create,        create,  after",
            "snapshot delete newest, commit,  before",
            "snapshot delete newest, commit,  after",
            "snapshot delete oldest, commit,  before",
            "snapshot delete oldest, commit,  after",
            "snapshot delete oldest, rebase,  before",
            "snapshot delete oldest, rebase,  after",
            "clone,                  create,  after",
            "clone,                  convert, before",
            "clone,                  convert, after",
            "volume from snapshot,   convert, before",
            "volume from snapshot,   convert, after",
            "extend,                 resize,  before",
            "extend,                 resize,  after",
            "revert,                 create,  before",
            "revert,                 create,  after",
            "image copy,             convert, before",
            "image copy,             convert, after"})
    void aKilledOperationLeavesDataIntactCheckRepairCleanAndRetrySucceeding(String operation, String step,
                                                                             String when) throws Exception {
        String volume = commands.json("volume", "create", "--size", "1").path("id").asText();
        write(volume, 0x11, 0);
        String a = commands.json("snapshot", "create", volume).path("id").asText();
        write(volume, 0x22, 1);
        String b = commands.json("snapshot", "create", volume).path("id").asText();
        write(volume, 0x33, 2);
        String target = UUID.randomUUID().toString();
        String[] command = switch (operation) {
            case "snapshot create" -> new String[] {"snapshot", "create", volume, "--id", target};
            case "snapshot delete newest" -> new String[] {"snapshot", "delete", b};
            case "snapshot delete oldest" -> new String[] {"snapshot", "delete", a};
            case "clone" -> new String[] {"volume", "create", "--source-volume", volume, "--id", target};
            case "volume from snapshot" -> new String[] {"volume", "create", "--snapshot", a, "--id", target};
            case "extend" -> new String[] {"volume", "extend", volume, "--size", "2"};
            case "revert" -> new String[] {"snapshot", "revert", b};
            case "image copy" -> new String[] {"volume", "upload-to-image", volume, "--image", "up-" + target};
            default -> throw new IllegalArgumentException(operation);
        };

        Running running = remotefs.start(slow.pausing(step, "after".equals(when)), commands.args(command));
        paused.add(slow.awaitPaused(running.process(), PAUSE_WAIT));
        running.process().destroyForcibly();
        assertThat(running.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        ProcessHandle.of(paused.get(paused.size() - 1)).ifPresent(ProcessHandle::destroyForcibly);

        Result repaired = commands.run("check", "--repair");
        assertThat(repaired.exitCode()).as("check --repair after the kill: %s", repaired).isZero();
        assertThat(commands.json("check").path("findings")).isEmpty();
        // the data written before the operation: all of it, unless the operation was a revert
        int[] expected = operation.equals("revert") && readsReverted(volume) ? new int[] {0x11, 0x22, 0}
                : new int[] {0x11, 0x22, 0x33};
        assertReads(activeOf(volume), expected);
        assertSnapshotsRead(volume, a, b);

        if (operation.startsWith("snapshot delete")) {
            // a delete killed after it recorded its intent was finished by check --repair
            String deleted = operation.endsWith("newest") ? b : a;
            if (!infoOf(volume).has(deleted)) {
                command = new String[] {"snapshot", "list", volume};
            }
        } else if (operation.equals("image copy")) {
            // the killed upload's image stays in the image service under its name (not on the share)
            command = new String[] {"volume", "upload-to-image", volume, "--image", "again-" + target};
        }
        Result retried = commands.run(command);
        assertThat(retried.exitCode()).as("the retry: %s", retried).isZero();
        assertThat(commands.json("check").path("findings")).isEmpty();
        if (!operation.equals("revert")) {
            assertReads(activeOf(volume), 0x11, 0x22, 0x33);
        }

        for (JsonNode listed : commands.json("volume", "list")) {
            assertThat(commands.run("volume", "delete", listed.path("id").asText(), "--cascade").exitCode()).isZero();
        }
        try (Stream<Path> left = Files.list(share)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("volume-")))
                    .as("what is left on the share").isEmpty();
        }
    }

    /** Whether the revert went through before the kill: the newest block is gone. */
    private boolean readsReverted(String volume) {
        Result read = RemotefsProcess.exec(List.of("qemu-io", "-f", "qcow2", "-r", "-c", "read -P 0 2M 1M",
                activeOf(volume).toString()), work);
        return read.exitCode() == 0 && !read.stdout().contains("Pattern verification failed");
    }

    /** Each snapshot still listed reads what the volume held when it was taken. */
    private void assertSnapshotsRead(String volume, String a, String b) {
        JsonNode shown = commands.json("volume", "show", volume);
        List<String> snapshots = new ArrayList<>();
        shown.path("snapshots").forEach(s -> snapshots.add(s.asText()));
        JsonNode info = infoOf(volume);
        for (String snapshot : snapshots) {
            Path overlay = share.resolve(info.path(snapshot).asText());
            Result header = RemotefsProcess.exec(List.of("qemu-img", "info", "-U", "--output=json", overlay.toString()),
                    work);
            JsonNode parsed = RemotefsProcess.parseOne(header.stdout(), "qemu-img info");
            Path backing = share.resolve(parsed.path("backing-filename").asText());
            String format = parsed.path("backing-filename-format").asText("raw");
            if (snapshot.equals(a)) {
                assertReads(backing, format, 0x11, 0, 0);
            } else if (snapshot.equals(b)) {
                assertReads(backing, format, 0x11, 0x22, 0);
            }
        }
    }

    private JsonNode infoOf(String volume) {
        try {
            return RemotefsProcess.parseOne(Files.readString(share.resolve("volume-" + volume + ".info")), "info");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Path activeOf(String volume) {
        return Path.of(commands.json("volume", "show", volume).path("path").asText());
    }

    private void assertReads(Path image, int... patterns) {
        assertReads(image, image.getFileName().toString().matches("volume-[0-9a-f-]{36}") ? "raw" : "qcow2",
                patterns);
    }

    private void assertReads(Path image, String format, int... patterns) {
        RemotefsProcess.assertReads(image, format, work, patterns);
    }

    private void write(String volume, int pattern, int block) {
        Path active = activeOf(volume);
        String format = active.getFileName().toString().matches("volume-[0-9a-f-]{36}") ? "raw" : "qcow2";
        Result result = RemotefsProcess.exec(List.of("qemu-io", "-f", format, "-c",
                "write -P " + pattern + " " + block + "M 1M", active.toString()), work);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }
}
