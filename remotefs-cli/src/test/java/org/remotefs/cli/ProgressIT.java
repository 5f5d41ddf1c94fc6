package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.core.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code --progress json} on every long operation, from the command line on localfs with real
 * qemu-img: each reports JSON lines on stderr whose percents rise to 100, before the final
 * document, while stdout stays one JSON document; without {@code --progress} (stderr is a pipe
 * here) nothing is reported. Volumes are sparse with data written in several places, so that
 * qemu-img reports several steps and the copies stay quick.
 */
class ProgressIT {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tempDir;

    private Path work;
    private Path share;
    private Path images;
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws IOException {
        work = tempDir.toRealPath();
        share = Files.createDirectories(work.resolve("share"));
        images = Files.createDirectories(work.resolve("images"));
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.backends.thin { driver = localfs, nas_share_path = "%s" }
                remotefs.backends.thick { driver = localfs, nas_share_path = "%s", localfs_sparsed_volumes = false }
                remotefs.image_service { type = local, local_directory = "%s" }
                """.formatted(share, share, images), StandardCharsets.UTF_8);
        remotefs = new RemotefsProcess(work);
    }

    /** One progress report read from stderr. */
    private record Report(String operation, String volume, int percent) {
    }

    private Result run(String backend, String... command) {
        List<String> all = new ArrayList<>(List.of("--config", work.resolve("remotefs.conf").toString(),
                "--backend", backend, "--format", "json"));
        all.addAll(List.of(command));
        Result result = remotefs.run(all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    /**
     * The progress lines of stderr, checked: each a JSON object of {@code progress} alone, all before
     * any other line (the warnings document comes last), and stdout one JSON document.
     */
    private static List<Report> reports(Result result) throws IOException {
        result.stdoutJson();
        List<Report> reports = new ArrayList<>();
        List<String> lines = List.of(result.stderr().split("\n"));
        boolean progressEnded = false;
        for (String line : lines) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode object = Json.mapper().readTree(line);
            if (!object.has("progress")) {
                progressEnded = true;
                continue;
            }
            assertThat(progressEnded).as("a progress line after the final document in %s", result).isFalse();
            assertThat(object.size()).isEqualTo(1);
            JsonNode progress = object.path("progress");
            reports.add(new Report(progress.path("operation").asText(), progress.path("volume").asText(),
                    progress.path("percent").asInt()));
        }
        return reports;
    }

    /** The reports are one operation's on one volume, rising strictly, with steps between 0 and 100, ending at 100. */
    private static void assertOneOperationRisingToAHundred(List<Report> reports, String operation, String volume,
                                                           int leastSteps) {
        assertThat(reports).isNotEmpty().allSatisfy(report -> {
            assertThat(report.operation()).isEqualTo(operation);
            assertThat(report.volume()).isEqualTo(volume);
        });
        List<Integer> percents = reports.stream().map(Report::percent).toList();
        assertThat(percents).as("percents").isSortedAccordingTo(Integer::compare).doesNotHaveDuplicates();
        assertThat(percents.get(percents.size() - 1)).isEqualTo(100);
        assertThat(percents.stream().filter(p -> p > 0 && p < 100).count()).as("steps between 0 and 100 in %s", percents)
                .isGreaterThanOrEqualTo(leastSteps);
    }

    /** Random data at several places of a file (a raw volume or image): several steps for qemu-img. */
    private static void writeInPlaces(Path file, long... offsetsMib) throws IOException {
        byte[] data = new byte[(int) (2 * MIB)];
        new Random(7).nextBytes(data);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            for (long offset : offsetsMib) {
                raw.seek(offset * MIB);
                raw.write(data);
            }
        }
    }

    /** The same through qemu-io, for images with a format of their own (a snapshot's overlay, a vhd). */
    private static void qemuWrite(Path file, String format, long... offsetsMib) {
        List<String> command = new ArrayList<>(List.of("qemu-io", "-f", format));
        for (long offset : offsetsMib) {
            command.add("-c");
            command.add("write -P 7 " + offset + "M 2M");
        }
        command.add(file.toString());
        Result written = RemotefsProcess.exec(command, file.getParent());
        assertThat(written.exitCode()).as(written.toString()).isZero();
    }

    private String createWithData(String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of("volume", "create", "--size", "1", "--progress", "none"));
        command.addAll(List.of(options));
        String id = run("thin", command.toArray(String[]::new)).stdoutJson().path("id").asText();
        writeInPlaces(share.resolve("volume-" + id), 0, 150, 300, 450, 600, 750, 900);
        return id;
    }

    @Test
    void aCloneReportsQemuImgsStepsAndNothingWithoutTheOption() throws IOException {
        String source = createWithData();

        Result quiet = run("thin", "volume", "create", "--source-volume", source);
        Result result = run("thin", "volume", "create", "--source-volume", source, "--progress", "json");

        assertThat(quiet.stderr()).isEmpty();
        assertThat(reports(quiet)).isEmpty();
        String clone = result.stdoutJson().path("id").asText();
        assertOneOperationRisingToAHundred(reports(result), "create_cloned_volume", clone, 3);
        // the same document as without progress, but for the new volume's id
        assertThat(TestFiles.fieldNames(result.stdoutJson())).isEqualTo(TestFiles.fieldNames(quiet.stdoutJson()));
    }

    @Test
    void aVolumeFromASnapshotAndTheSnapshotsDeletionReportTheirCopyAndCommit() throws IOException {
        String volume = createWithData();
        String snapshot = run("thin", "snapshot", "create", volume).stdoutJson().path("id").asText();
        String overlay = run("thin", "volume", "show", volume).stdoutJson().path("active").asText();
        // 32 places (64 MiB): qemu-img commit's job may copy a few chunks between two of its reports, and
        // with 4 places (8 MiB) it sometimes copied all of them at once under load (CI saw 0, 100; 3 of 30 runs
        // with two busy cores here); with 32, 30 of 30 such runs showed 6 steps or more
        long[] places = new long[32];
        for (int i = 0; i < places.length; i++) {
            places[i] = 25L * (i + 1);
        }
        qemuWrite(share.resolve(overlay), "qcow2", places);

        Result fromSnapshot = run("thin", "volume", "create", "--snapshot", snapshot, "--progress", "json");
        Result deleted = run("thin", "snapshot", "delete", snapshot, "--progress", "json");

        assertOneOperationRisingToAHundred(reports(fromSnapshot), "create_volume_from_snapshot",
                fromSnapshot.stdoutJson().path("id").asText(), 3);
        // qemu-img commit reports in the chunks its job copies (CI once saw 0, 87, 100): one step between
        // 0 and 100 is what it promises with 32 places written; the copies above report finer
        assertOneOperationRisingToAHundred(reports(deleted), "delete_snapshot", volume, 1);
    }

    @Test
    void imageCopiesInBothDirectionsReportTheTransferAndTheConversion() throws IOException {
        Path image = images.resolve("data.raw");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(256 * MIB);
        }
        writeInPlaces(image, 0, 60, 120, 180, 240);

        Result in = run("thin", "volume", "create", "--size", "1", "--image", "data.raw", "--progress", "json");
        String volume = in.stdoutJson().path("id").asText();
        Result out = run("thin", "volume", "upload-to-image", volume, "--image", "copy.raw", "--progress", "json");

        assertOneOperationRisingToAHundred(reports(in), "copy_image_to_volume", volume, 5);
        assertOneOperationRisingToAHundred(reports(out), "copy_volume_to_image", volume, 5);
        assertThat(images.resolve("copy.raw")).exists();
    }

    @Test
    void aThickVolumeReportsItsWrittenBytes() throws IOException {
        Result result = run("thick", "volume", "create", "--size", "1", "--progress", "json");

        String volume = result.stdoutJson().path("id").asText();
        List<Report> reports = reports(result);
        assertOneOperationRisingToAHundred(reports, "create_volume", volume, 50);
        assertThat(reports).hasSizeLessThanOrEqualTo(101);
        assertThat(Files.size(share.resolve("volume-" + volume))).isEqualTo(1L << 30);
    }

    @Test
    void aVhdExtendedThroughRawReportsBothConversions() throws IOException {
        String volume = run("thin", "volume", "create", "--size", "1", "--volume-format", "vhd").stdoutJson()
                .path("id").asText();
        qemuWrite(share.resolve("volume-" + volume + ".vhd"), "vpc", 0, 300, 600, 900);

        Result result = run("thin", "volume", "extend", volume, "--size", "2", "--progress", "json");

        assertOneOperationRisingToAHundred(reports(result), "extend_volume", volume, 3);
        assertThat(result.stdoutJson().path("size").asInt()).isEqualTo(2);
    }

    @Test
    void operationsThatCopyNothingReportNothing() {
        Result created = run("thin", "volume", "create", "--size", "1", "--progress", "json");
        String volume = created.stdoutJson().path("id").asText();
        Result extended = run("thin", "volume", "extend", volume, "--size", "2", "--progress", "json");

        // a sparse file is made and grown at once: no bar for an instant
        assertThat(created.stderr()).isEmpty();
        assertThat(extended.stderr()).isEmpty();
    }
}
