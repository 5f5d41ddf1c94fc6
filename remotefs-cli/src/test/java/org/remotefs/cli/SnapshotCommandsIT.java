package org.remotefs.cli;

import static org.remotefs.cli.TestFiles.fieldNames;
import static org.remotefs.cli.TestFiles.ids;
import static org.remotefs.cli.TestFiles.listing;
import static org.remotefs.cli.TestFiles.stream;
import static org.remotefs.cli.TestFiles.texts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The snapshot commands of {@code remotefs} and the volume commands built on them (volume from a
 * snapshot, clone, extend, images), run from the shaded jar as separate processes, each test in its
 * own working directory. Data is proven with {@code qemu-io}: a pattern per MiB block is written
 * into the volume's active file, and read back from the files the commands make. The tests are
 * independent and mostly wait for child processes, so they run concurrently.
 */
@Execution(ExecutionMode.CONCURRENT)
class SnapshotCommandsIT {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    /** A well-formed id that no test creates. */
    private static final String UNKNOWN_ID = "0b6a3a3e-8d3c-4a6a-9a55-3f1d2c3b4a5e";
    /** How many MiB blocks at the start of a volume the content checks look at. */
    private static final int BLOCKS = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Python's own rendering of an info file, Cinder's {@code json.dumps(info, indent=1, sort_keys=True)}. */
    private static final String PYTHON_RENDER = "import json,sys; "
            + "sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), indent=1, sort_keys=True))";

    @TempDir
    Path tempDir;

    /** The working directory of every run, with symbolic links resolved as the command sees it. */
    private Path work;
    /** The share of the backend the test uses: the default {@code remotefs-data}, or a configured one. */
    private Path share;
    /** The local image service's directory. */
    private Path images;
    /** Global options put before every command ({@code --config ...}); none for the default backend. */
    private List<String> global = List.of();
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws IOException {
        work = tempDir.toRealPath();
        share = work.resolve("remotefs-data");
        images = work.resolve("remotefs-images");
        remotefs = new RemotefsProcess(work);
    }

    /** Switches the test to a configured backend {@code gold} on {@code gold-share}, with extra options. */
    private void useConfiguredBackend(String extraOptions) throws IOException {
        share = work.resolve("gold-share");
        images = work.resolve("gold-images");
        // a configured image_conversion_dir must exist: the driver makes its private directories in it
        Path conversion = Files.createDirectories(work.resolve("conversion"));
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.backends.gold {
                  driver = localfs
                  nas_share_path = "%s"
                  image_conversion_dir = "%s"
                  %s
                }
                remotefs.image_service { type = local, local_directory = "%s" }
                """.formatted(share, conversion, extraOptions, images), StandardCharsets.UTF_8);
        global = List.of("--config", work.resolve("remotefs.conf").toString());
    }

    // ------------------------------------------------------------------ layout and listing

    @Test
    void twoSnapshotsMakeACinderChainAndInfoFile() throws IOException {
        String id = createVolume(1);
        // fixed ids: sorted, the second comes before "active" and the first after it
        String first = "c6f0b5f4-3d1e-4a7b-9c2d-5e6f7a8b9c0d";
        String second = "2b9d4e1a-7c3f-4d5e-8f9a-0b1c2d3e4f5a";
        String base = "volume-" + id;

        JsonNode one = json("snapshot", "create", id, "--id", first);
        JsonNode two = json("snapshot", "create", id, "--id", second);

        assertSnapshotRow(one, first, id, 1);
        assertSnapshotRow(two, second, id, 2);
        JsonNode shown = json("volume", "show", id);
        assertThat(texts(shown.path("snapshots"))).as("snapshots of %s", shown).containsExactly(first, second);
        assertThat(shown.path("active").asText()).isEqualTo(base + "." + second);
        assertThat(shown.path("path").asText()).isEqualTo(share.resolve(base + "." + second).toString());
        assertThat(shown.path("format").asText()).isEqualTo("qcow2");
        assertThat(shown.path("size").asInt()).isEqualTo(1);

        Path info = share.resolve(base + ".info");
        String expected = "{\n"
                + " \"" + second + "\": \"" + base + "." + second + "\",\n"
                + " \"active\": \"" + base + "." + second + "\",\n"
                + " \"" + first + "\": \"" + base + "." + first + "\"\n"
                + "}";
        assertThat(Files.readString(info, StandardCharsets.US_ASCII)).isEqualTo(expected);
        assertInfoIsPythonCanonical(info);

        // overlays name their backing file by its bare name, with an explicit format
        JsonNode firstOverlay = qemuImgInfo(share.resolve(base + "." + first));
        assertThat(firstOverlay.path("format").asText()).isEqualTo("qcow2");
        assertThat(firstOverlay.path("backing-filename").asText()).isEqualTo(base);
        assertThat(firstOverlay.path("backing-filename-format").asText()).isEqualTo("raw");
        JsonNode secondOverlay = qemuImgInfo(share.resolve(base + "." + second));
        assertThat(secondOverlay.path("backing-filename").asText()).isEqualTo(base + "." + first);
        assertThat(secondOverlay.path("backing-filename-format").asText()).isEqualTo("qcow2");
        assertThat(secondOverlay.path("virtual-size").asLong()).isEqualTo(GIB);
        assertChainConsistent(id, 2);
        assertThat(fileNames(share)).filteredOn(name -> name.startsWith("volume-"))
                .containsExactlyInAnyOrder(base, base + ".info", base + "." + first, base + "." + second);
    }

    @Test
    void snapshotListWithAndWithoutAVolumeAndBadIdsChangeNothing() throws IOException {
        String withTwo = createVolume(1);
        String withOne = createVolume(1);
        String withNone = createVolume(1);
        String a = snapshot(withTwo);
        String b = snapshot(withTwo);
        String c = snapshot(withOne);

        JsonNode all = json("snapshot", "list");
        assertThat(all.isArray()).as("snapshot list: %s", all).isTrue();
        assertThat(all).hasSize(3);
        Map<String, JsonNode> byId = new TreeMap<>();
        stream(all).forEach(row -> byId.put(row.path("id").asText(), row));
        assertThat(byId).containsOnlyKeys(a, b, c);
        assertSnapshotRow(byId.get(a), a, withTwo, 1);
        assertSnapshotRow(byId.get(b), b, withTwo, 2);
        assertSnapshotRow(byId.get(c), c, withOne, 1);

        JsonNode two = json("snapshot", "list", withTwo);
        assertThat(stream(two).map(r -> r.path("id").asText()).toList()).containsExactly(a, b);
        assertSnapshotRow(two.get(0), a, withTwo, 1);
        assertSnapshotRow(two.get(1), b, withTwo, 2);
        JsonNode one = json("snapshot", "list", withOne);
        assertThat(one).hasSize(1);
        assertSnapshotRow(one.get(0), c, withOne, 1);
        JsonNode none = json("snapshot", "list", withNone);
        assertThat(none.isArray()).as("snapshot list of a volume without snapshots: %s", none).isTrue();
        assertThat(none).isEmpty();

        Result table = run("snapshot", "list");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains(a).contains(b).contains(c).contains(withTwo).contains(withOne);

        Map<String, String> before = listing(work);
        JsonNode unknown = fails("SNAPSHOT_NOT_FOUND", "snapshot", "delete", UNKNOWN_ID);
        assertThat(unknown.path("message").asText()).contains(UNKNOWN_ID);
        assertThat(listing(work)).as("share after deleting an unknown snapshot").isEqualTo(before);
        fails("INVALID_INPUT", "snapshot", "delete", "not-a-uuid");
        assertThat(listing(work)).as("share after deleting snapshot 'not-a-uuid'").isEqualTo(before);
        fails("INVALID_INPUT", "snapshot", "delete", "../" + a);
        fails("VOLUME_NOT_FOUND", "snapshot", "list", UNKNOWN_ID);
        fails("INVALID_INPUT", "snapshot", "list", "not-a-uuid");
        fails("VOLUME_NOT_FOUND", "snapshot", "create", UNKNOWN_ID);
        fails("INVALID_INPUT", "snapshot", "create", withNone, "--id", "not-a-uuid");
        fails("SNAPSHOT_NOT_FOUND", "snapshot", "revert", UNKNOWN_ID);
        fails("SNAPSHOT_NOT_FOUND", "volume", "create", "--snapshot", UNKNOWN_ID);
        assertThat(listing(work)).as("share after the failed commands").isEqualTo(before);
        assertThat(json("snapshot", "list")).isEqualTo(all);
    }

    // ------------------------------------------------------------------ deleting a volume with snapshots

    @Test
    void aVolumeWithSnapshotsIsNotDeletedWithoutCascadeAndNothingChanges() throws IOException {
        String id = createVolume(1);
        String first = snapshot(id);
        String second = snapshot(id);
        Path info = share.resolve("volume-" + id + ".info");
        byte[] infoBefore = Files.readAllBytes(info);
        Map<String, String> before = listing(work);

        JsonNode error = fails("INVALID_VOLUME", "volume", "delete", id);

        assertThat(error.path("details").path("volume_id").asText()).as(error.toString()).isEqualTo(id);
        assertThat(error.path("details").path("snapshots").asText().split(",")).as(error.toString())
                .containsExactly(first, second);
        assertThat(error.path("message").asText()).contains(id, first, second);
        assertThat(listing(work)).as("files after the refused delete").isEqualTo(before);
        assertThat(Files.readAllBytes(info)).isEqualTo(infoBefore);

        Result table = run("volume", "delete", id);
        assertThat(table.exitCode()).as(table.toString()).isEqualTo(1);
        assertThat(table.stdout()).as(table.toString()).isBlank();
        assertThat(table.stderr()).as(table.toString()).startsWith("error [INVALID_VOLUME]: ").contains(first, second);
        assertThat(listing(work)).as("files after the refused delete in table mode").isEqualTo(before);
        assertThat(Files.readAllBytes(info)).isEqualTo(infoBefore);
        assertThat(texts(json("volume", "show", id).path("snapshots"))).containsExactly(first, second);
    }

    @Test
    void cascadeDeletesTheVolumeWithAllItsSnapshotsInBothFormats() throws IOException {
        String id = createVolume(1);
        String first = snapshot(id);
        String second = snapshot(id);
        String other = createVolume(1);
        String ofOther = snapshot(other);
        assertThat(fileNames(share)).filteredOn(name -> name.startsWith("volume-" + id)).hasSize(4);

        JsonNode deleted = json("volume", "delete", id, "--cascade");

        assertThat(deleted.path("id").asText()).isEqualTo(id);
        assertThat(deleted.path("deleted").asBoolean()).as(deleted.toString()).isTrue();
        assertThat(texts(deleted.path("snapshots_deleted"))).as(deleted.toString()).containsExactly(first, second);
        assertThat(fileNames(share)).as("files of the share").noneMatch(name -> name.startsWith("volume-" + id));
        fails("VOLUME_NOT_FOUND", "volume", "show", id);
        fails("SNAPSHOT_NOT_FOUND", "snapshot", "delete", first);
        assertThat(ids(json("snapshot", "list"))).containsExactly(ofOther);

        Result table = run("volume", "delete", other, "--cascade");

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).as(table.toString()).contains("deleted volume " + other).contains(ofOther);
        assertThat(fileNames(share)).as("files of the share").noneMatch(name -> name.startsWith("volume-"));
        assertThat(json("volume", "list")).isEmpty();
    }

    @Test
    void aVolumeWithoutSnapshotsIsDeletedWithoutCascadeAsBefore() throws IOException {
        String plain = createVolume(1);
        // an info file that names only the active image: its snapshots were all deleted
        String hadOne = createVolume(1);
        json("snapshot", "delete", snapshot(hadOne));
        assertThat(info(hadOne)).containsOnlyKeys("active");

        JsonNode deleted = json("volume", "delete", hadOne);

        assertThat(deleted.path("deleted").asBoolean()).as(deleted.toString()).isTrue();
        assertThat(deleted.path("snapshots_deleted").isArray()).as(deleted.toString()).isTrue();
        assertThat(deleted.path("snapshots_deleted")).as(deleted.toString()).isEmpty();
        assertThat(fileNames(share)).noneMatch(name -> name.startsWith("volume-" + hadOne));

        Result table = run("volume", "delete", plain);

        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).as(table.toString()).contains("deleted volume " + plain);
        assertThat(fileNames(share)).noneMatch(name -> name.startsWith("volume-"));

        // --cascade on a volume without snapshots deletes it all the same
        String third = createVolume(1);
        assertThat(json("volume", "delete", third, "--cascade").path("snapshots_deleted")).isEmpty();
        assertThat(fileNames(share)).noneMatch(name -> name.startsWith("volume-"));
    }

    @Test
    void theHelpOfVolumeDeleteNamesCascade() {
        Result help = run("volume", "delete", "--help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stdout()).as(help.toString()).contains("--cascade");
    }

    // ------------------------------------------------------------------ data

    @ParameterizedTest(name = "{0} volumes")
    @ValueSource(strings = {"raw", "qcow2"})
    void volumesFromSnapshotsReadTheDataOfTheirSnapshotAndACloneReadsTheCurrentData(String kind) throws IOException {
        if (kind.equals("qcow2")) {
            useConfiguredBackend("localfs_qcow2_volumes = true");
        }
        String id = createVolume(1);
        Path base = share.resolve("volume-" + id);
        assertThat(qemuImgInfo(base).path("format").asText()).isEqualTo(kind);

        int[] atFirst = writeBlocks(id, new int[BLOCKS], 0x11, 0);
        String first = snapshot(id);
        int[] atSecond = writeBlocks(id, atFirst, 0x22, 0, 1);
        String second = snapshot(id);
        int[] current = writeBlocks(id, atSecond, 0x33, 1, 2);
        byte[] infoBefore = Files.readAllBytes(share.resolve("volume-" + id + ".info"));

        JsonNode fromFirst = json("volume", "create", "--snapshot", first);
        assertPlainVolume(fromFirst, 1, kind);
        assertContent(Path.of(fromFirst.path("path").asText()), atFirst);

        JsonNode fromSecond = json("volume", "create", "--snapshot", second, "--size", "2");
        assertPlainVolume(fromSecond, 2, kind);
        assertContent(Path.of(fromSecond.path("path").asText()), atSecond);
        assertThat(qemuImgInfo(Path.of(fromSecond.path("path").asText())).path("virtual-size").asLong())
                .isEqualTo(2 * GIB);

        JsonNode clone = json("volume", "create", "--source-volume", id);
        assertPlainVolume(clone, 1, kind);
        assertContent(Path.of(clone.path("path").asText()), current);

        // the source keeps its chain, its snapshots and its data
        JsonNode source = json("volume", "show", id);
        assertThat(texts(source.path("snapshots"))).containsExactly(first, second);
        assertThat(source.path("active").asText()).isEqualTo("volume-" + id + "." + second);
        assertThat(Files.readAllBytes(share.resolve("volume-" + id + ".info"))).isEqualTo(infoBefore);
        assertActiveContent(id, current);
        assertChainConsistent(id, 2);
        assertThat(ids(json("volume", "list"))).containsExactlyInAnyOrder(id, fromFirst.path("id").asText(),
                fromSecond.path("id").asText(), clone.path("id").asText());
    }

    @Test
    void revertDiscardsWhatWasWrittenAfterTheLatestSnapshotOnly() throws IOException {
        String id = createVolume(1);
        int[] atFirst = writeBlocks(id, new int[BLOCKS], 0x11, 0);
        String first = snapshot(id);
        int[] atSecond = writeBlocks(id, atFirst, 0x22, 1);
        String second = snapshot(id);
        writeBlocks(id, atSecond, 0x33, 0, 2);
        Map<String, String> before = listing(work);

        JsonNode older = fails("INVALID_SNAPSHOT", "snapshot", "revert", first);
        assertThat(older.path("message").asText()).contains(first);
        assertThat(listing(work)).as("share after reverting to a snapshot that is not the latest").isEqualTo(before);

        JsonNode reverted = json("snapshot", "revert", second);
        assertThat(reverted.path("id").asText()).isEqualTo(id);
        assertThat(texts(reverted.path("snapshots"))).containsExactly(first, second);
        assertThat(reverted.path("active").asText()).isEqualTo("volume-" + id + "." + second);
        assertActiveContent(id, atSecond);
        assertChainConsistent(id, 2);

        writeBlocks(id, atSecond, 0x44, 3);
        json("snapshot", "revert", second);
        assertActiveContent(id, atSecond);

        // once the latest snapshot is gone, the one before it is the latest
        json("snapshot", "delete", second);
        assertActiveContent(id, atSecond);
        JsonNode toFirst = json("snapshot", "revert", first);
        assertThat(texts(toFirst.path("snapshots"))).containsExactly(first);
        assertActiveContent(id, atFirst);
        assertChainConsistent(id, 1);
        assertThat(fileNames(share)).noneMatch(name -> name.contains("tmp"));
    }

    @ParameterizedTest(name = "delete order {0} ({1})")
    @CsvSource(delimiter = '|', value = {
            "1 2 3 | oldest first",
            "2 1 3 | middle first",
            "3 2 1 | newest first",
            "2 3 1 | middle, then newest"})
    void deletingSnapshotsInAnyOrderKeepsTheCurrentDataAndTheOtherSnapshots(String order, String description)
            throws IOException {
        String id = createVolume(1);
        String base = "volume-" + id;
        List<String> snapshots = new ArrayList<>();
        Map<String, int[]> contents = new LinkedHashMap<>();
        int[] content = writeBlocks(id, new int[BLOCKS], 0x11, 0);
        snapshots.add(snapshot(id));
        contents.put(snapshots.get(0), content);
        content = writeBlocks(id, content, 0x22, 1);
        snapshots.add(snapshot(id));
        contents.put(snapshots.get(1), content);
        content = writeBlocks(id, content, 0x33, 0, 2);
        snapshots.add(snapshot(id));
        contents.put(snapshots.get(2), content);
        int[] current = writeBlocks(id, content, 0x44, 3);

        List<String> remaining = new ArrayList<>(snapshots);
        for (String position : order.split(" ")) {
            String snapshot = snapshots.get(Integer.parseInt(position) - 1);

            JsonNode deleted = json("snapshot", "delete", snapshot);

            assertThat(deleted.path("id").asText()).isEqualTo(snapshot);
            assertThat(deleted.path("volume_id").asText()).isEqualTo(id);
            assertThat(deleted.path("deleted").asBoolean()).as("deleted of %s", deleted).isTrue();
            remaining.remove(snapshot);
            String context = "after deleting snapshot " + position + " (order " + order + ")";
            JsonNode shown = json("volume", "show", id);
            assertThat(texts(shown.path("snapshots"))).as("snapshots %s", context).isEqualTo(remaining);
            String active = remaining.isEmpty() ? base : base + "." + remaining.get(remaining.size() - 1);
            assertThat(shown.path("active").asText()).as("active %s", context).isEqualTo(active);
            assertActiveContent(id, current);
            assertChainConsistent(id, remaining.size());
            Set<String> files = new HashSet<>(List.of(base, base + ".info"));
            remaining.forEach(s -> files.add(base + "." + s));
            assertThat(fileNames(share)).as("files of the volume %s", context)
                    .filteredOn(name -> name.startsWith(base)).containsExactlyInAnyOrderElementsOf(files);
            for (String kept : remaining) {
                JsonNode copy = json("volume", "create", "--snapshot", kept);
                assertContent(Path.of(copy.path("path").asText()), contents.get(kept));
            }
        }
        Path info = share.resolve(base + ".info");
        assertThat(Files.readString(info)).isEqualTo("{\n \"active\": \"" + base + "\"\n}");
        assertThat(qemuImgInfo(share.resolve(base)).path("format").asText()).isEqualTo("raw");
        assertThat(json("volume", "show", id).path("format").asText()).isEqualTo("raw");
    }

    // ------------------------------------------------------------------ sizes

    @Test
    void extendGrowsTheActiveImageAndRefusesToShrinkOrStay() throws IOException {
        String id = createVolume(1);

        JsonNode extended = json("volume", "extend", id, "--size", "2");
        assertThat(extended.path("size").asInt()).isEqualTo(2);
        assertThat(qemuImgInfo(share.resolve("volume-" + id)).path("virtual-size").asLong()).isEqualTo(2 * GIB);
        assertThat(Files.size(share.resolve("volume-" + id))).isEqualTo(2 * GIB);

        int[] content = writeBlocks(id, new int[BLOCKS], 0x55, 0, 3);
        String snapshot = snapshot(id);
        JsonNode again = json("volume", "extend", id, "--size", "3");
        assertThat(again.path("size").asInt()).isEqualTo(3);
        assertThat(again.path("virtual_size").asLong()).isEqualTo(3 * GIB);
        Path active = share.resolve("volume-" + id + "." + snapshot);
        assertThat(again.path("path").asText()).isEqualTo(active.toString());
        assertThat(qemuImgInfo(active).path("virtual-size").asLong()).isEqualTo(3 * GIB);
        assertActiveContent(id, content);
        assertChainConsistent(id, 1);

        Map<String, String> before = listing(work);
        for (String size : List.of("2", "1", "0", "-1", "many")) {
            fails("INVALID_INPUT", "volume", "extend", id, "--size", size);
        }
        // the size the volume has: a retry after a lost answer succeeds, with a warning, and changes nothing
        Result same = run(withJson("volume", "extend", id, "--size", "3"));
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.stderrJson().path("warnings")).hasSize(1);
        assertThat(listing(work)).as("share after refused extends").isEqualTo(before);
        fails("VOLUME_NOT_FOUND", "volume", "extend", UNKNOWN_ID, "--size", "5");
        assertThat(listing(work)).isEqualTo(before);
        assertThat(json("volume", "show", id).path("size").asInt()).isEqualTo(3);
    }

    @ParameterizedTest(name = "a qcow2 header {0}")
    @ValueSource(strings = {"claiming 50 GiB", "naming /etc/passwd as its backing file"})
    void aQcow2HeaderAGuestWroteIntoItsRawVolumeIsNeitherItsFormatNorItsSize(String header) throws IOException {
        String id = createVolume(1);
        Path base = share.resolve("volume-" + id);
        // the guest writes the first 64 KiB of a qcow2 image over the start of its disk
        Path forged = work.resolve("forged.qcow2");
        List<String> create = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2"));
        if (header.contains("backing")) {
            create.addAll(List.of("-b", "/etc/passwd", "-F", "raw"));
        }
        create.addAll(List.of(forged.toString(), "50G"));
        exec(create);
        byte[] start = Arrays.copyOf(Files.readAllBytes(forged), 64 * 1024);
        try (FileChannel channel = FileChannel.open(base, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(start), 0);
        }
        assertThat(Files.size(base)).isEqualTo(GIB);

        JsonNode shown = json("volume", "show", id);
        assertThat(shown.path("format").asText()).isEqualTo("raw");
        assertThat(shown.path("size").asInt()).isEqualTo(1);
        assertThat(shown.path("virtual_size").asLong()).isEqualTo(GIB);
        JsonNode connection = json("connection", "show", id);
        assertThat(connection.path("data").path("format").asText()).isEqualTo("raw");

        // a snapshot keeps the base as raw: its overlay records -F raw, and the size stays 1 GiB
        String snapshot = snapshot(id);
        JsonNode overlay = qemuImgInfo(share.resolve("volume-" + id + "." + snapshot));
        assertThat(overlay.path("backing-filename").asText()).isEqualTo("volume-" + id);
        assertThat(overlay.path("backing-filename-format").asText()).isEqualTo("raw");
        assertThat(overlay.path("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(json("snapshot", "list", id).get(0).path("volume_size").asInt()).isEqualTo(1);
    }

    @Test
    void aVolumeFromASnapshotTakenBeforeAnExtendDefaultsToTheSizeAtThatSnapshot() throws IOException {
        String id = createVolume(1);
        int[] atSnapshot = writeBlocks(id, new int[BLOCKS], 0x6a, 0);
        String small = snapshot(id);
        json("volume", "extend", id, "--size", "3");
        String large = snapshot(id);

        Map<String, Integer> sizes = new LinkedHashMap<>();
        json("snapshot", "list", id).forEach(row -> sizes.put(row.path("id").asText(), row.path("volume_size").asInt()));
        assertThat(sizes).containsExactly(Map.entry(small, 1), Map.entry(large, 3));

        // as Cinder's snapshot.volume_size: the volume as it was, not as it is now
        JsonNode copy = json("volume", "create", "--snapshot", small);
        assertThat(copy.path("size").asInt()).isEqualTo(1);
        assertThat(qemuImgInfo(Path.of(copy.path("path").asText())).path("virtual-size").asLong()).isEqualTo(GIB);
        assertContent(Path.of(copy.path("path").asText()), atSnapshot);
        JsonNode later = json("volume", "create", "--snapshot", large);
        assertThat(later.path("size").asInt()).isEqualTo(3);
        assertThat(json("volume", "show", id).path("size").asInt()).isEqualTo(3);
    }

    @Test
    void volumeFromSnapshotOrCloneRefusesSmallerSizesAndSeveralSources() throws IOException {
        String id = createVolume(2);
        writeBlocks(id, new int[BLOCKS], 0x66, 0);
        String snapshot = snapshot(id);
        Files.createDirectories(images);
        exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", images.resolve("small.qcow2").toString(), "64M"));
        Map<String, String> before = listing(work);
        List<String> volumes = ids(json("volume", "list"));

        JsonNode smaller = fails("INVALID_INPUT", "volume", "create", "--snapshot", snapshot, "--size", "1");
        assertThat(smaller.path("message").asText()).as("message of %s", smaller).isNotBlank();
        fails("INVALID_INPUT", "volume", "create", "--snapshot", snapshot, "--source-volume", id);
        fails("INVALID_INPUT", "volume", "create", "--snapshot", snapshot, "--image", "small.qcow2", "--size", "2");
        fails("INVALID_INPUT", "volume", "create", "--source-volume", id, "--image", "small.qcow2", "--size", "2");
        // an image gives no size: without --size it is a usage error
        Result noSize = run(withJson("volume", "create", "--image", "small.qcow2"));
        assertThat(noSize.exitCode()).as(noSize.toString()).isEqualTo(2);
        fails("INVALID_INPUT", "volume", "create", "--snapshot", snapshot, "--size", "0");
        assertThat(listing(work)).as("share after refused creates").isEqualTo(before);

        // a default size is the source's
        JsonNode copy = json("volume", "create", "--snapshot", snapshot);
        assertThat(copy.path("size").asInt()).isEqualTo(2);
        assertThat(qemuImgInfo(Path.of(copy.path("path").asText())).path("virtual-size").asLong()).isEqualTo(2 * GIB);
        JsonNode clone = json("volume", "create", "--source-volume", id);
        assertThat(clone.path("size").asInt()).isEqualTo(2);
        assertThat(ids(json("volume", "list"))).containsExactlyInAnyOrderElementsOf(
                concat(volumes, copy.path("id").asText(), clone.path("id").asText()));
    }

    @Test
    void cloneSmallerThanItsSourceIsInvalidInputAndLeavesNoVolume() throws IOException {
        String id = createVolume(2);
        int[] content = writeBlocks(id, new int[BLOCKS], 0x67, 0);
        String snapshot = snapshot(id);
        List<String> volumes = ids(json("volume", "list"));
        byte[] info = Files.readAllBytes(share.resolve("volume-" + id + ".info"));

        fails("INVALID_INPUT", "volume", "create", "--source-volume", id, "--size", "1");

        assertThat(ids(json("volume", "list"))).isEqualTo(volumes);
        assertThat(texts(json("volume", "show", id).path("snapshots"))).containsExactly(snapshot);
        assertThat(Files.readAllBytes(share.resolve("volume-" + id + ".info"))).isEqualTo(info);
        assertThat(fileNames(share)).containsExactlyInAnyOrder(".cinderSecureEnvIndicator", "volume-" + id,
                "volume-" + id + ".info", "volume-" + id + "." + snapshot);
        assertActiveContent(id, content);
        assertChainConsistent(id, 1);
    }

    /**
     * README: "Bad input changes nothing on any share", and "a size smaller than the source is
     * {@code INVALID_INPUT}". The size is known before any file is touched.
     */
    @ParameterizedTest(name = "source with {0} snapshot(s)")
    @ValueSource(ints = {0, 1})
    void cloneSmallerThanItsSourceChangesNothingOnTheShare(int snapshots) throws IOException {
        String id = createVolume(2);
        writeBlocks(id, new int[BLOCKS], 0x68, 0);
        for (int i = 0; i < snapshots; i++) {
            snapshot(id);
        }
        Map<String, String> before = listing(work);

        fails("INVALID_INPUT", "volume", "create", "--source-volume", id, "--size", "1");

        assertThat(listing(work)).as("share after a clone refused for its size").isEqualTo(before);
    }

    /**
     * Snapshots are found by their id in any info file of the backend, so an id may name one
     * snapshot only: a second snapshot with the id of another volume's snapshot makes every later
     * {@code snapshot delete|revert} and {@code volume create --snapshot} of that id act on
     * whichever volume is scanned first. The same id on the same volume is refused already.
     */
    @Test
    void aSnapshotIdInUseByAnotherVolumeIsRefused() throws IOException {
        String first = createVolume(1);
        String second = createVolume(1);
        String snapshot = snapshot(first);
        Map<String, String> before = listing(work);

        fails("INVALID_SNAPSHOT", "snapshot", "create", first, "--id", snapshot);
        assertThat(listing(work)).as("share after a second snapshot %s of the same volume", snapshot)
                .isEqualTo(before);

        fails("INVALID_SNAPSHOT", "snapshot", "create", second, "--id", snapshot);
        assertThat(listing(work)).as("share after a snapshot of volume %s with the id of a snapshot of volume %s",
                second, first).isEqualTo(before);
        assertThat(json("snapshot", "list")).hasSize(1);
    }

    /**
     * A revert discards what was written since the snapshot; it must not shrink a volume extended
     * since then (Cinder's API refuses such a revert: the volume size must equal the snapshot's).
     * Either answer is accepted here: refused with nothing changed, or done with the size kept.
     */
    @Test
    void revertAfterAnExtendNeverShrinksTheVolume() throws IOException {
        String id = createVolume(1);
        int[] content = writeBlocks(id, new int[BLOCKS], 0x71, 0);
        String snapshot = snapshot(id);
        json("volume", "extend", id, "--size", "2");
        qemuIo("qcow2", activeFile(id), "write -P 0x72 1536M 1M");
        Map<String, String> before = listing(work);

        Result revert = run(withJson("snapshot", "revert", snapshot));

        if (revert.exitCode() == 0) {
            JsonNode reverted = revert.stdoutJson();
            assertThat(reverted.path("size").asInt()).as("size after %s", revert).isEqualTo(2);
            assertThat(qemuImgInfo(activeFile(id)).path("virtual-size").asLong()).as("virtual size after %s", revert)
                    .isEqualTo(2 * GIB);
            assertActiveContent(id, content);
        } else {
            assertThat(revert.exitCode()).as(revert.toString()).isEqualTo(1);
            assertThat(revert.stderrJson().path("code").asText()).as(revert.toString()).isNotBlank();
            assertThat(listing(work)).as("share after a refused revert").isEqualTo(before);
        }
        assertThat(json("volume", "show", id).path("size").asInt()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ images

    @Test
    void volumeFromAQcow2ImageIsRawOfTheRequestedSizeAndReadsTheImage() throws IOException {
        Files.createDirectories(images);
        Path cirros = images.resolve("cirros.qcow2");
        exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", cirros.toString(), "64M"));
        qemuIo("qcow2", cirros, "write -P 0x77 0 1M", "write -P 0x78 3M 1M");
        int[] pattern = {0x77, 0, 0, 0x78};

        JsonNode created = json("volume", "create", "--image", "cirros.qcow2", "--size", "1");

        assertPlainVolume(created, 1, "raw");
        Path file = Path.of(created.path("path").asText());
        JsonNode info = qemuImgInfo(file);
        assertThat(info.path("format").asText()).isEqualTo("raw");
        assertThat(info.path("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(Files.size(file)).isEqualTo(GIB);
        assertContent(file, pattern);
        assertThat(fileNames(share)).filteredOn(name -> name.startsWith("volume-"))
                .containsExactly(file.getFileName().toString());

        // refused images leave no volume behind
        exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", images.resolve("big.qcow2").toString(), "2G"));
        exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", "cirros.qcow2", "-F", "qcow2",
                images.resolve("layered.qcow2").toString()));
        exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-o", "data_file=" + images.resolve("outside.raw"),
                images.resolve("external.qcow2").toString(), "64M"));
        JsonNode list = json("volume", "list");
        Map<String, String> before = listing(share);
        JsonNode big = fails("IMAGE_UNACCEPTABLE", "volume", "create", "--image", "big.qcow2", "--size", "1");
        assertThat(big.path("message").asText()).contains("big.qcow2");
        fails("IMAGE_UNACCEPTABLE", "volume", "create", "--image", "layered.qcow2", "--size", "1");
        fails("IMAGE_UNACCEPTABLE", "volume", "create", "--image", "external.qcow2", "--size", "1");
        JsonNode missing = fails("IMAGE_NOT_FOUND", "volume", "create", "--image", "nosuch.qcow2", "--size", "1");
        assertThat(missing.path("message").asText()).contains("nosuch.qcow2");
        assertThat(json("volume", "list")).isEqualTo(list);
        assertThat(listing(share)).as("share after refused images").isEqualTo(before);

        // the big image fits a bigger volume
        JsonNode bigVolume = json("volume", "create", "--image", "big.qcow2", "--size", "2");
        assertThat(qemuImgInfo(Path.of(bigVolume.path("path").asText())).path("virtual-size").asLong())
                .isEqualTo(2 * GIB);
    }

    @Test
    void uploadToImageWritesTheFlattenedChainAsARawImage() throws IOException {
        String id = createVolume(1);
        int[] beforeSnapshot = writeBlocks(id, new int[BLOCKS], 0x81, 0, 1);
        snapshot(id);
        int[] current = writeBlocks(id, beforeSnapshot, 0x82, 1, 3);

        JsonNode image = json("volume", "upload-to-image", id, "--image", "backup");

        String imageId = image.path("id").asText();
        assertThat(imageId).isNotBlank();
        assertThat(image.path("name").asText()).isEqualTo("backup");
        assertThat(image.path("disk_format").asText()).isEqualTo("raw");
        assertThat(image.path("size").asLong()).isEqualTo(GIB);
        assertThat(image.path("status").asText()).isNotBlank();
        Path uploaded = images.resolve(imageId);
        assertThat(uploaded).isRegularFile();
        assertThat(images.resolve(imageId + ".meta.json")).isRegularFile();
        JsonNode info = qemuImgInfo(uploaded);
        assertThat(info.path("format").asText()).isEqualTo("raw");
        assertThat(info.path("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(info.has("backing-filename")).isFalse();
        assertContent(uploaded, current);
        // the volume is left as it was
        assertActiveContent(id, current);
        assertChainConsistent(id, 1);

        // and the image makes a volume again
        JsonNode restored = json("volume", "create", "--image", imageId, "--size", "1");
        assertContent(Path.of(restored.path("path").asText()), current);
    }

    // ------------------------------------------------------------------ two processes

    /**
     * Eight processes at once on one volume: creates, then creates and deletes mixed, then deletes.
     * On the default configuration (no option set: the host's default file locks) as well as with a
     * backend's own {@code lock_path}. Every snapshot a process reported is in the info file, the
     * chain matches it, the data reads back, no file is left over.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default configuration", "lock_path"})
    void concurrentSnapshotCreatesAndDeletesOfOneVolumeSerialiseOnFileLocks(String locking) throws Exception {
        Path locks;
        if (locking.equals("lock_path")) {
            locks = work.resolve("locks");
            useConfiguredBackend("lock_path = \"" + locks + "\"");
        } else {
            boolean root = ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
            locks = root ? Path.of("/var/lib/remotefs/locks")
                    : Path.of(System.getProperty("user.home"), ".local/state/remotefs/locks");
        }
        String id = createVolume(1);
        int[] content = writeBlocks(id, new int[BLOCKS], 0x91, 0, 2);
        int processes = 8;
        List<String> remaining = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            List<String> ids = new ArrayList<>();
            List<String[]> commands = new ArrayList<>();
            for (int i = 0; i < processes; i++) {
                String snapshot = UUID.randomUUID().toString();
                ids.add(snapshot);
                commands.add(new String[] {"snapshot", "create", id, "--id", snapshot});
            }
            assertAllSucceeded(concurrently(commands));
            remaining.addAll(ids);
            assertConsistentAfterConcurrentRuns(id, remaining, content, "after round " + (round + 1) + " of creates");
        }
        assertThat(Files.isRegularFile(locks.resolve("cinder-localfs-" + id))).as("lock file of volume %s", id).isTrue();

        // half deletes (oldest and newest alternately), half creates, all at once
        List<String[]> mixed = new ArrayList<>();
        List<String> snapshots = texts(json("volume", "show", id).path("snapshots"));
        for (int i = 0; i < processes / 2; i++) {
            String deleted = i % 2 == 0 ? snapshots.get(i) : snapshots.get(snapshots.size() - 1 - i);
            mixed.add(new String[] {"snapshot", "delete", deleted});
            remaining.remove(deleted);
            String created = UUID.randomUUID().toString();
            mixed.add(new String[] {"snapshot", "create", id, "--id", created});
            remaining.add(created);
        }
        assertAllSucceeded(concurrently(mixed));
        assertConsistentAfterConcurrentRuns(id, remaining, content, "after creates and deletes at once");

        while (!remaining.isEmpty()) {
            List<String> batch = new ArrayList<>(remaining.subList(0, Math.min(processes, remaining.size())));
            assertAllSucceeded(concurrently(batch.stream().map(s -> new String[] {"snapshot", "delete", s}).toList()));
            remaining.removeAll(batch);
            assertConsistentAfterConcurrentRuns(id, remaining, content, "after deleting " + batch.size());
        }
        String base = "volume-" + id;
        assertThat(Files.readString(share.resolve(base + ".info"))).isEqualTo("{\n \"active\": \"" + base + "\"\n}");
        assertThat(fileNames(share)).filteredOn(name -> name.startsWith(base))
                .containsExactlyInAnyOrder(base, base + ".info");
    }

    private static void assertAllSucceeded(List<Result> results) {
        for (Result result : results) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            result.stdoutJson();
        }
    }

    @Test
    void snapshotCreateWaitsWhileAnotherProcessHoldsTheVolumeLock() throws Exception {
        Path locks = work.resolve("locks");
        useConfiguredBackend("lock_path = \"" + locks + "\"");
        String id = createVolume(1);
        String snapshot = UUID.randomUUID().toString();
        Files.createDirectories(locks);
        Path lockFile = locks.resolve("cinder-localfs-" + id);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            RemotefsProcess.Running create;
            try (FileLock lock = channel.lock()) {
                create = remotefs.start(Map.of(),
                        concat(global, withJson("snapshot", "create", id, "--id", snapshot)).toArray(String[]::new));
                awaitOpenedBy(lockFile, create.process());
                // it tries again and again while the lock is held: give it time to do wrong
                Thread.sleep(1000);
                assertThat(create.process().isAlive()).as("snapshot create while another process holds %s", lockFile)
                        .isTrue();
                assertThat(share.resolve("volume-" + id + "." + snapshot)).doesNotExist();
                assertThat(share.resolve("volume-" + id + ".info")).doesNotExist();
            }
            Result result = create.finish();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdoutJson().path("id").asText()).isEqualTo(snapshot);
        }
        assertThat(texts(json("volume", "show", id).path("snapshots"))).containsExactly(snapshot);
    }

    // ------------------------------------------------------------------ JSON mode

    @Test
    void everySuccessfulNewCommandPrintsExactlyOneJsonDocument() throws IOException {
        String id = createVolume(1);
        Files.createDirectories(images);
        exec(List.of("qemu-img", "create", "-q", "-f", "qcow2", images.resolve("tiny.qcow2").toString(), "16M"));

        assertThat(json("volume", "extend", id, "--size", "2").isObject()).isTrue();
        JsonNode created = json("snapshot", "create", id);
        assertThat(created.isObject()).isTrue();
        String snapshot = created.path("id").asText();
        assertThat(json("snapshot", "list").isArray()).isTrue();
        assertThat(json("snapshot", "list", id).isArray()).isTrue();
        assertThat(json("volume", "create", "--snapshot", snapshot).isObject()).isTrue();
        assertThat(json("volume", "create", "--source-volume", id).isObject()).isTrue();
        assertThat(json("volume", "create", "--image", "tiny.qcow2", "--size", "1").isObject()).isTrue();
        assertThat(json("volume", "upload-to-image", id, "--image", "copy").isObject()).isTrue();
        assertThat(json("snapshot", "revert", snapshot).isObject()).isTrue();
        JsonNode deleted = json("snapshot", "delete", snapshot);
        assertThat(deleted.isObject()).isTrue();
        assertThat(fieldNames(deleted)).contains("id", "volume_id", "deleted");
        assertThat(json("volume", "show", id).path("snapshots")).isEmpty();

        // the global option before the command gives the same single document
        Result before = remotefs.run(concat(global, "--format", "json", "snapshot", "list", id).toArray(String[]::new));
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.stderr()).as(before.toString()).isEmpty();
        assertThat(before.stdoutJson().isArray()).isTrue();
    }

    // ------------------------------------------------------------------ helpers: commands

    /** Runs a command with the test's global options, in table mode. */
    private Result run(String... args) {
        return remotefs.run(concat(global, args).toArray(String[]::new));
    }

    /** Runs with {@code --format json} (after the subcommand), expecting success, one document and no warning. */
    private JsonNode json(String... args) {
        Result result = run(withJson(args));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).as("stderr of a successful run without warnings: %s", result).isEmpty();
        return result.stdoutJson();
    }

    /** Runs with {@code --format json}, expecting the error {@code code}; returns the error document. */
    private JsonNode fails(String code, String... args) {
        Result result = run(withJson(args));
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).as("stdout of a failed run: %s", result).isBlank();
        JsonNode error = result.stderrJson();
        assertThat(error.path("code").asText()).as(result.toString()).isEqualTo(code);
        assertThat(error.path("message").asText()).as(result.toString()).isNotBlank();
        assertThat(error.path("cinder_exception").asText()).as(result.toString()).isNotBlank();
        assertThat(error.path("details").isObject()).as(result.toString()).isTrue();
        return error;
    }

    private static String[] withJson(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        return all;
    }

    /** Runs the commands at the same moment, each in its own process, and waits for all. */
    private List<Result> concurrently(List<String[]> commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(commands.size());
        try {
            CyclicBarrier start = new CyclicBarrier(commands.size());
            List<CompletableFuture<Result>> running = new ArrayList<>();
            for (String[] command : commands) {
                running.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the processes could not start together", e);
                    }
                    return run(withJson(command));
                }, pool));
            }
            List<Result> results = new ArrayList<>();
            for (CompletableFuture<Result> future : running) {
                results.add(future.get(2 * RemotefsProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until the process has {@code file} open (it is at its lock), as {@code /proc/<pid>/fd} shows it. */
    private static void awaitOpenedBy(Path file, Process process) throws Exception {
        Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
        long deadline = System.nanoTime() + RemotefsProcess.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the process finished while the lock " + file + " was held (status "
                        + process.exitValue() + ")");
            }
            try (Stream<Path> open = Files.list(fds)) {
                if (open.anyMatch(fd -> file.equals(target(fd)))) {
                    return;
                }
            } catch (IOException e) {
                // the process is starting or ending: look again
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the process did not open the lock " + file + " within " + RemotefsProcess.TIMEOUT);
    }

    private static Path target(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            return null;
        }
    }

    private String createVolume(int sizeGib) {
        JsonNode created = json("volume", "create", "--size", Integer.toString(sizeGib));
        return created.path("id").asText();
    }

    private String snapshot(String volumeId) {
        JsonNode created = json("snapshot", "create", volumeId);
        assertThat(created.path("volume_id").asText()).isEqualTo(volumeId);
        return created.path("id").asText();
    }

    // ------------------------------------------------------------------ helpers: data

    /**
     * Writes {@code pattern} into the given MiB blocks of the volume's active file, and returns the
     * expected content after it (a copy of {@code content} with those blocks changed).
     */
    private int[] writeBlocks(String volumeId, int[] content, int pattern, int... blocks) {
        Path active = activeFile(volumeId);
        String format = qemuImgInfo(active).path("format").asText();
        List<String> commands = new ArrayList<>();
        int[] after = content.clone();
        for (int block : blocks) {
            commands.add("write -P 0x%x %d 1M".formatted(pattern, block * MIB));
            after[block] = pattern;
        }
        qemuIo(format, active, commands.toArray(String[]::new));
        return after;
    }

    /** The volume's active image (with its chain) reads {@code content}. */
    private void assertActiveContent(String volumeId, int[] content) {
        assertContent(activeFile(volumeId), content);
    }

    /** The volume's active file, as its info file names it (the base file when there is none). */
    private Path activeFile(String volumeId) {
        return share.resolve(info(volumeId).getOrDefault("active", "volume-" + volumeId));
    }

    /** The entries of the volume's info file; none when there is no file. */
    private Map<String, String> info(String volumeId) {
        Path infoPath = share.resolve("volume-" + volumeId + ".info");
        Map<String, String> info = new TreeMap<>();
        if (Files.exists(infoPath)) {
            try {
                MAPPER.readTree(Files.readAllBytes(infoPath)).properties()
                        .forEach(e -> info.put(e.getKey(), e.getValue().textValue()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return info;
    }

    /** The image file (with its backing chain) reads each MiB block's pattern; 0 is zeros. */
    private void assertContent(Path file, int[] content) {
        String format = qemuImgInfo(file).path("format").asText();
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format, "-r"));
        for (int block = 0; block < content.length; block++) {
            command.add("-c");
            command.add("read -P 0x%x %d 1M".formatted(content[block], block * MIB));
        }
        command.add(file.toString());
        Result read = RemotefsProcess.exec(command, work);
        assertThat(read.exitCode()).as("content of %s, expected blocks %s: %s", file, hex(content), read).isZero();
        assertThat(read.stdout() + read.stderr()).as(read.toString()).doesNotContain("Pattern verification failed");
    }

    private void qemuIo(String format, Path file, String... commands) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (String c : commands) {
            command.add("-c");
            command.add(c);
        }
        command.add(file.toString());
        exec(command);
    }

    /** Runs a command that must succeed. */
    private Result exec(List<String> command) {
        Result result = RemotefsProcess.exec(command, work);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private JsonNode qemuImgInfo(Path file) {
        return exec(List.of("qemu-img", "info", "--output=json", file.toString())).stdoutJson();
    }

    private static String hex(int[] content) {
        return Arrays.stream(content).mapToObj(p -> "0x%02x".formatted(p)).toList().toString();
    }

    // ------------------------------------------------------------------ helpers: chains and info files

    /**
     * The volume's info file is valid and Python-canonical, names exactly {@code snapshots} and the
     * active file; the chain from the active image is consistent and one longer than the snapshots;
     * the data reads back.
     */
    private void assertConsistentAfterConcurrentRuns(String volumeId, List<String> snapshots, int[] content,
                                                     String context) throws IOException {
        Path infoPath = share.resolve("volume-" + volumeId + ".info");
        JsonNode info = MAPPER.readTree(Files.readAllBytes(infoPath));
        assertThat(info.isObject()).as("info file %s", context).isTrue();
        assertThat(fieldNames(info)).as("info file %s: %s", context, info)
                .containsExactlyInAnyOrderElementsOf(concat(snapshots, "active"));
        assertInfoIsPythonCanonical(infoPath);
        JsonNode shown = json("volume", "show", volumeId);
        assertThat(texts(shown.path("snapshots"))).as("snapshots %s", context)
                .containsExactlyInAnyOrderElementsOf(snapshots);
        assertChainConsistent(volumeId, snapshots.size());
        assertActiveContent(volumeId, content);
        assertThat(fileNames(share)).as("files %s", context).noneMatch(name -> name.contains(".tmp"));
    }

    /**
     * {@code qemu-img info --backing-chain} of the active file succeeds; its files are the base and
     * the snapshots' files, {@code snapshotCount + 1} of them, each naming the next by bare name.
     */
    private void assertChainConsistent(String volumeId, int snapshotCount) throws IOException {
        String base = "volume-" + volumeId;
        Map<String, String> info = info(volumeId);
        String active = info.getOrDefault("active", base);
        Result result = exec(List.of("qemu-img", "info", "--backing-chain", "--output=json",
                share.resolve(active).toString()));
        JsonNode chain = result.stdoutJson();
        assertThat(chain.isArray()).as(result.toString()).isTrue();
        assertThat(chain).as("backing chain of %s: %s", active, result).hasSize(snapshotCount + 1);
        List<String> names = stream(chain).map(link -> Path.of(link.path("filename").asText()).getFileName().toString())
                .toList();
        assertThat(names.get(0)).isEqualTo(active);
        assertThat(names.get(names.size() - 1)).isEqualTo(base);
        for (int i = 0; i + 1 < names.size(); i++) {
            JsonNode link = chain.get(i);
            assertThat(link.path("format").asText()).as("format of %s", names.get(i)).isEqualTo("qcow2");
            assertThat(link.path("backing-filename").asText()).as("backing file of %s", names.get(i))
                    .isEqualTo(names.get(i + 1));
            assertThat(link.path("backing-filename-format").asText()).as("backing format of %s", names.get(i))
                    .isEqualTo(chain.get(i + 1).path("format").asText());
        }
        Set<String> named = new HashSet<>(info.values());
        named.add(base);
        assertThat(names).as("the chain's files are the base and the snapshots' files %s", info)
                .containsExactlyInAnyOrderElementsOf(named);
    }

    /** The info file's bytes are what Python's {@code json.dumps(info, indent=1, sort_keys=True)} prints. */
    private void assertInfoIsPythonCanonical(Path info) throws IOException {
        byte[] bytes = Files.readAllBytes(info);
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", PYTHON_RENDER).directory(work.toFile())
                .redirectInput(info.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process python = builder.start();
        byte[] rendered;
        try (InputStream out = python.getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            out.transferTo(buffer);
            rendered = buffer.toByteArray();
        }
        try {
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertThat(python.exitValue()).as("python3 on %s", info).isZero();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).as("info file %s as Python writes it", info)
                .isEqualTo(new String(rendered, StandardCharsets.UTF_8));
        assertThat(bytes).isEqualTo(rendered);
    }

    // ------------------------------------------------------------------ helpers: assertions and listings

    private void assertSnapshotRow(JsonNode row, String id, String volumeId, int position) {
        assertThat(fieldNames(row)).as("snapshot row %s", row).contains("id", "volume_id", "position",
                "provider_location");
        assertThat(row.path("id").asText()).as("id of %s", row).isEqualTo(id);
        assertThat(row.path("volume_id").asText()).as("volume_id of %s", row).isEqualTo(volumeId);
        assertThat(row.path("position").isIntegralNumber()).as("position of %s", row).isTrue();
        assertThat(row.path("position").asInt()).as("position of %s", row).isEqualTo(position);
        assertThat(row.path("provider_location").asText()).as("provider_location of %s", row)
                .isEqualTo(share.toString());
    }

    /** A new volume without snapshots: its one file, of the backend's format and the size. */
    private void assertPlainVolume(JsonNode volume, int sizeGib, String format) {
        String name = "volume-" + volume.path("id").asText();
        assertThat(volume.path("name").asText()).isEqualTo(name);
        assertThat(volume.path("size").asInt()).as("size of %s", volume).isEqualTo(sizeGib);
        assertThat(volume.path("provider_location").asText()).isEqualTo(share.toString());
        assertThat(volume.path("active").asText()).isEqualTo(name);
        assertThat(volume.path("path").asText()).isEqualTo(share.resolve(name).toString());
        assertThat(volume.path("format").asText()).as("format of %s", volume).isEqualTo(format);
        assertThat(volume.path("snapshots")).as("snapshots of %s", volume).isEmpty();
        JsonNode info = qemuImgInfo(share.resolve(name));
        assertThat(info.path("format").asText()).as("format of the file of %s", volume).isEqualTo(format);
        assertThat(info.path("virtual-size").asLong()).isEqualTo(sizeGib * GIB);
        assertThat(info.has("backing-filename")).as("backing file of %s", name).isFalse();
    }

    private static List<String> fileNames(Path directory) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(null);
        return names;
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
