package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.cli.RemotefsProcess.Running;
import org.remotefs.testing.SlowQemuImg;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The real command, stopped while it works: SIGINT or SIGTERM at a chosen step of each long
 * operation (a {@link SlowQemuImg} pauses there), and kill -9 followed by the next operation.
 * Stopped by a signal, a command stops its child, rolls back, reports {@code INTERRUPTED} and exits
 * 130 or 143, leaving the share as it found it; killed, it leaves only what the next operation on
 * the volume recognises and removes.
 */
@Execution(ExecutionMode.CONCURRENT)
class InterruptionIT {
    /**
     * A backend on the same share whose files a root helper ({@code env}, which runs the command
     * as it is) writes: there a snapshot's overlay is still made by {@code qemu-img create}, which
     * these tests pause and kill (elsewhere it is written in-process, with no such step to pause).
     */
    private static final String HELPER = "helper";

    private static final Duration PAUSE_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tempDir;

    private Path work;
    private Path share;
    private Path images;
    private Path conversion;
    private List<String> global;
    private RemotefsProcess remotefs;
    private SlowQemuImg slow;
    private final List<Long> paused = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        work = tempDir.toRealPath();
        share = Files.createDirectories(work.resolve("share"));
        images = Files.createDirectories(work.resolve("images"));
        conversion = Files.createDirectory(work.resolve("conversion"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.coordination.backend_url = "file://%s"
                remotefs.backends.gold { driver = localfs, nas_share_path = "%s", image_conversion_dir = "%s" }
                remotefs.backends.thick {
                  driver = localfs, nas_share_path = "%s", image_conversion_dir = "%s", localfs_sparsed_volumes = false
                }
                remotefs.backends.impatient { driver = localfs, nas_share_path = "%s", lock_timeout = 1 }
                remotefs.backends.helper {
                  driver = localfs, nas_share_path = "%s", root_helper = env, nas_secure_file_operations = false
                }
                remotefs.image_service { type = local, local_directory = "%s" }
                """.formatted(work.resolve("locks"), share, conversion, share, conversion, share, share, images),
                StandardCharsets.UTF_8);
        global = List.of("--config", work.resolve("remotefs.conf").toString(), "--format", "json");
        remotefs = new RemotefsProcess(work);
        slow = new SlowQemuImg(work.resolve("slow-bin")).start();
    }

    @AfterEach
    void noPausedProcessOutlivesTheTest() {
        // a kill -9 leaves its paused child behind by design; the test removes it
        paused.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    // ------------------------------------------------------------------ signals

    @ParameterizedTest(name = "{0}: SIG{1} while qemu-img {2} runs ({3})")
    @CsvSource({
            "clone,                 INT,  convert, after",
            "volume from snapshot,  TERM, convert, before",
            "volume from image,     INT,  convert, after",
            "upload to image,       TERM, convert, after",
            "snapshot delete,       INT,  commit,  before",
            "extend,                TERM, resize,  before",
            "snapshot create,       INT,  create,  after"})
    void aSignalStopsTheChildRollsBackAndExitsWithTheSignalsStatus(String operation, String signal, String step,
                                                                   String when) throws Exception {
        String volume = volumeWithData();
        String snapshot = json("snapshot", "create", volume).path("id").asText();
        Path image = images.resolve("cirros.raw");
        exec("qemu-img", "create", "-q", "-f", "raw", image.toString(), "64M");
        exec("qemu-io", "-f", "raw", "-c", "write -P 0x5a 0 1M", image.toString());
        String newId = UUID.randomUUID().toString();
        String[] command = switch (operation) {
            case "clone" -> new String[] {"volume", "create", "--source-volume", volume, "--size", "2", "--id", newId};
            case "volume from snapshot" -> new String[] {"volume", "create", "--snapshot", snapshot, "--id", newId};
            case "volume from image" -> new String[] {"volume", "create", "--image", "cirros.raw", "--size", "1",
                    "--id", newId};
            case "upload to image" -> new String[] {"volume", "upload-to-image", volume, "--image", "uploaded"};
            case "snapshot delete" -> new String[] {"snapshot", "delete", snapshot};
            // a qcow2 overlay's growth is in-process by default (no qemu-img to signal): through a root helper
            case "extend" -> new String[] {"--backend", HELPER, "volume", "extend", volume, "--size", "3"};
            case "snapshot create" -> new String[] {"--backend", HELPER, "snapshot", "create", volume, "--id", newId};
            default -> throw new IllegalArgumentException(operation);
        };
        if (operation.equals("snapshot delete")) {
            overlayData(volume, snapshot);
        }
        Map<String, byte[]> shareBefore = contents(share);
        List<String> imagesBefore = names(images);
        String listBefore = json("volume", "list").toString();

        Running running = remotefs.start(slow.pausing(step, when.equals("after")), args(command));
        long child = slow.awaitPaused(running.process(), PAUSE_WAIT);
        paused.add(child);
        signal(running.process().pid(), signal);
        Result result = running.finish();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(signal.equals("INT") ? 130 : 143);
        JsonNode error = result.stderrJson();
        assertThat(error.path("code").asText()).as(result.toString()).isEqualTo("INTERRUPTED");
        assertThat(error.path("details").path("signal").asText()).isEqualTo("SIG" + signal);
        assertThat(result.stdout()).as("nothing reported as done").isEmpty();
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                .as("the paused qemu-img (pid %d) was stopped with its command", child).isFalse();
        assertThat(processesOf(work)).as("no process of the test's files is left").isEmpty();
        Map<String, byte[]> shareAfter = new TreeMap<>(contents(share));
        if (operation.equals("snapshot delete")) {
            // the delete recorded its intent before its commit, which a stop may have left half-run:
            // the journal stays (the snapshot is then never used as a source, and the next
            // operation on the volume finishes the delete); nothing else changed
            String journal = "volume-" + volume + ".info.journal";
            assertThat(shareAfter).containsKey(journal);
            shareAfter.remove(journal);
        }
        assertThat(shareAfter).as("the share as it was before %s", operation)
                .containsExactlyInAnyOrderEntriesOf(shareBefore);
        assertThat(json("volume", "list").toString()).isEqualTo(listBefore);
        assertThat(names(images)).isEqualTo(imagesBefore);
        assertThat(names(conversion)).as("the private conversion directories are gone").isEmpty();
    }

    @Test
    void aSignalDuringAThickCreateLeavesNoFile() throws Exception {
        String id = UUID.randomUUID().toString();
        Running running = thickCreateUnderWay(id);
        signal(running.process().pid(), "TERM");
        Result result = running.finish();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
        assertThat(result.stderrJson().path("code").asText()).isEqualTo("INTERRUPTED");
        assertThat(names(share)).as("no file of volume %s", id).noneMatch(name -> name.contains(id));
        assertThat(json("volume", "list").size()).isZero();
    }

    // ------------------------------------------------------------------ lock time-out

    @Test
    void aCommandThatCannotHaveTheLockInTimeNamesTheHolderAndChangesNothing() throws Exception {
        String volume = volumeWithData();
        String snapshot = json("snapshot", "create", volume).path("id").asText();
        overlayData(volume, snapshot);
        Running holder = remotefs.start(slow.pausing("commit", false), args("snapshot", "delete", snapshot));
        paused.add(slow.awaitPaused(holder.process(), PAUSE_WAIT));
        Map<String, byte[]> before = contents(share);

        Result waiting = run("--backend", "impatient", "snapshot", "create", volume);

        assertThat(waiting.exitCode()).as(waiting.toString()).isEqualTo(1);
        JsonNode error = waiting.stderrJson();
        assertThat(error.path("code").asText()).isEqualTo("CONCURRENT_REQUEST");
        JsonNode details = error.path("details");
        assertThat(details.path("volume_id").asText()).isEqualTo(volume);
        assertThat(details.path("lock").asText()).isEqualTo("cinder-localfs-" + volume);
        assertThat(details.path("holder_pid").asText()).isEqualTo(Long.toString(holder.process().pid()));
        assertThat(details.path("holder_operation").asText()).isEqualTo("delete_snapshot");
        assertThat(error.path("message").asText()).contains(Long.toString(holder.process().pid()));
        assertThat(contents(share)).containsExactlyInAnyOrderEntriesOf(before);

        signal(holder.process().pid(), "TERM");
        assertThat(holder.finish().exitCode()).isEqualTo(143);
    }

    // ------------------------------------------------------------------ kill -9, then the next operation

    @Test
    void aCloneKilledDuringItsCopyIsCleanedByTheNextOperationAndCanBeRetried() throws Exception {
        String source = volumeWithData();
        String target = UUID.randomUUID().toString();
        killWhilePaused("resize", false, "volume", "create", "--source-volume", source, "--size", "2", "--id", target);

        // what the kill left: the copy under its temporary name, the clone's snapshot on the source
        assertThat(names(share)).anyMatch(name -> name.startsWith("volume-" + target + ".tmp-copy-"));
        assertThat(readInfo(source)).contains("tmp-snap-" + target);
        assertThat(json("volume", "list")).as("the half-made copy is no volume").hasSize(1);
        assertThat(run("volume", "show", target).exitCode()).isEqualTo(1);

        JsonNode clone = json("volume", "create", "--source-volume", source, "--size", "2", "--id", target);

        assertThat(clone.path("id").asText()).isEqualTo(target);
        // as after any clone: the source's info file names its own file as active and no snapshot
        assertThat(readInfo(source)).isEqualTo("{\n \"active\": \"volume-" + source + "\"\n}");
        assertThat(names(share)).noneMatch(name -> name.contains(".tmp-"));
        exec("qemu-io", "-f", "raw", "-r", "-c", "read -P 0x3c 0 1M", share.resolve("volume-" + target).toString());
    }

    @Test
    void anOverlayLeftByAKilledSnapshotCreateIsRemovedAndTheSnapshotCanBeRetried() throws Exception {
        String volume = volumeWithData();
        String snapshot = UUID.randomUUID().toString();
        killWhilePaused("create", true, "--backend", HELPER, "snapshot", "create", volume, "--id", snapshot);
        String orphan = "volume-" + volume + "." + snapshot;
        assertThat(share.resolve(orphan)).exists();
        assertThat(share.resolve("volume-" + volume + ".info")).doesNotExist();

        // the next operation on the volume (another snapshot) removes the overlay nothing records
        String other = json("snapshot", "create", volume).path("id").asText();
        assertThat(share.resolve(orphan)).doesNotExist();
        assertThat(json("snapshot", "create", volume, "--id", snapshot).path("id").asText()).isEqualTo(snapshot);
        assertThat(texts(json("volume", "show", volume).path("snapshots"))).containsExactly(other, snapshot);
    }

    @Test
    void volumeDeleteRemovesAnEmptyOrphanOverlayAndCreateRefusesAnIdWithFilesLeft() throws Exception {
        String volume = volumeWithData();
        String snapshot = UUID.randomUUID().toString();
        killWhilePaused("create", true, "--backend", HELPER, "snapshot", "create", volume, "--id", snapshot);

        assertThat(run("volume", "delete", volume).exitCode()).isZero();
        assertThat(names(share)).noneMatch(name -> name.contains(volume));
        assertThat(json("volume", "create", "--size", "1", "--id", volume).path("id").asText()).isEqualTo(volume);

        // an overlay with data of its own that no info file records is kept, and blocks the id
        String other = UUID.randomUUID().toString();
        Path overlay = share.resolve("volume-" + other + "." + UUID.randomUUID());
        exec("qemu-img", "create", "-q", "-f", "qcow2", overlay.toString(), "1G");
        exec("qemu-io", "-f", "qcow2", "-c", "write -P 0x11 0 1M", overlay.toString());
        Result refused = run("volume", "create", "--size", "1", "--id", other);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stderrJson().path("code").asText()).isEqualTo("VOLUME_EXISTS");
        assertThat(overlay).exists();
    }

    @Test
    void aVolumeFromAnImageKilledDuringItsCopyIsNoVolumeAndTheRetrySucceeds() throws Exception {
        Path image = images.resolve("cirros.raw");
        exec("qemu-img", "create", "-q", "-f", "raw", image.toString(), "64M");
        exec("qemu-io", "-f", "raw", "-c", "write -P 0x5a 0 1M", image.toString());
        String id = UUID.randomUUID().toString();
        killWhilePaused("convert", true, "volume", "create", "--image", "cirros.raw", "--size", "1", "--id", id);

        // the volume is written in one step under a temporary name: killed, it is no volume at all
        assertThat(names(share)).anyMatch(name -> name.startsWith("volume-" + id + ".tmp-image-"));
        assertThat(names(share)).doesNotContain("volume-" + id);
        assertThat(json("volume", "list").size()).isZero();

        JsonNode created = json("volume", "create", "--image", "cirros.raw", "--size", "1", "--id", id);
        assertThat(created.path("id").asText()).isEqualTo(id);
        assertThat(names(share)).filteredOn(name -> name.contains(id)).containsExactly("volume-" + id);
        exec("qemu-io", "-f", "raw", "-r", "-c", "read -P 0x5a 0 1M", share.resolve("volume-" + id).toString());
    }

    @Test
    void aThickCreateKilledMidWriteIsNoVolumeAndTheRetrySucceeds() throws Exception {
        String id = UUID.randomUUID().toString();
        kill9(thickCreateUnderWay(id));

        assertThat(json("volume", "list").size()).isZero();
        assertThat(run("volume", "show", id).exitCode()).isEqualTo(1);

        JsonNode created = json("--backend", "thick", "volume", "create", "--size", "1", "--id", id);
        assertThat(created.path("id").asText()).isEqualTo(id);
        assertThat(names(share)).filteredOn(name -> name.contains(id)).containsExactly("volume-" + id);
    }

    // ------------------------------------------------------------------ helpers

    /** A 1 GiB volume whose first MiB holds 0x3c. */
    /**
     * Data in the snapshot's overlay (the active image): its delete's merge is then qemu-img's, a
     * step to hold (an overlay that holds nothing is merged in-process, with no process).
     */
    private void overlayData(String volume, String snapshot) {
        exec("qemu-io", "-f", "qcow2", "-c", "write -P 0x4b 1M 1M",
                share.resolve("volume-" + volume + "." + snapshot).toString());
    }

    private String volumeWithData() {
        String id = json("volume", "create", "--size", "1").path("id").asText();
        exec("qemu-io", "-f", "raw", "-c", "write -P 0x3c 0 1M", share.resolve("volume-" + id).toString());
        return id;
    }

    /** The global options, then the command; on backend gold unless the command names one. */
    private String[] args(String... command) {
        List<String> all = new ArrayList<>(global);
        if (!command[0].equals("--backend")) {
            all.addAll(List.of("--backend", "gold"));
        }
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private Result run(String... command) {
        return remotefs.run(args(command));
    }

    private JsonNode json(String... command) {
        Result result = run(command);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdoutJson();
    }

    private void exec(String... command) {
        Result result = RemotefsProcess.exec(List.of(command), work);
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private static void signal(long pid, String signal) {
        Result sent = RemotefsProcess.exec(List.of("kill", "-" + signal, Long.toString(pid)), Path.of("/"));
        assertThat(sent.exitCode()).as(sent.toString()).isZero();
    }

    /** Starts the command, waits until it pauses in {@code qemu-img <step>}, and kills it with SIGKILL. */
    private void killWhilePaused(String step, boolean after, String... command) throws Exception {
        Running running = remotefs.start(slow.pausing(step, after), args(command));
        paused.add(slow.awaitPaused(running.process(), PAUSE_WAIT));
        kill9(running);
    }

    private static void kill9(Running running) throws InterruptedException {
        running.process().destroyForcibly();
        assertThat(running.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** A thick 4 GiB create of volume {@code id}, once it has begun writing its temporary file. */
    private Running thickCreateUnderWay(String id) throws Exception {
        Running running = remotefs.start(Map.of(), args("--backend", "thick", "volume", "create", "--size", "4",
                "--id", id));
        awaitFile(running.process(), "volume-" + id + ".tmp-create-");
        return running;
    }

    /** Waits until a file whose name starts with {@code prefix} appears on the share and has data. */
    private void awaitFile(Process command, String prefix) throws Exception {
        long deadline = System.nanoTime() + PAUSE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(share)) {
                if (files.anyMatch(f -> f.getFileName().toString().startsWith(prefix) && size(f) > 0)) {
                    return;
                }
            }
            if (!command.isAlive()) {
                throw new AssertionError("the command ended (status " + command.exitValue() + ") before " + prefix
                        + "* appeared");
            }
            Thread.sleep(5);
        }
        throw new AssertionError(prefix + "* did not appear on " + share);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private String readInfo(String volume) throws IOException {
        return Files.readString(share.resolve("volume-" + volume + ".info"));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Every file's bytes, by name: what "unchanged" means for a share. */
    private static Map<String, byte[]> contents(Path directory) throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        for (String name : names(directory)) {
            Path file = directory.resolve(name);
            // volumes are compared by length and a digest of what they hold, not loaded whole
            all.put(name, digest(file));
        }
        return all;
    }

    private static byte[] digest(Path file) {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                md.update(buffer);
                buffer.clear();
            }
            md.update(Long.toString(Files.size(file)).getBytes(StandardCharsets.US_ASCII));
            return md.digest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Processes whose command line names a file of this test. */
    private static List<String> processesOf(Path directory) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse(""))
                .filter(line -> line.contains(directory.toString())).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
