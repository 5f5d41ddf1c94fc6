package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The commands an {@code openstack} user looks for: {@code snapshot show}, {@code image list|show|delete},
 * several ids for the deletes, nested help; and empty names refused. On the default localfs backend.
 */
@Execution(ExecutionMode.CONCURRENT)
class MoreCommandsIT {
    /** A well-formed id that no test creates. */
    private static final String UNKNOWN_ID = "0b6a3a3e-8d3c-4a6a-9a55-3f1d2c3b4a5e";

    @TempDir
    Path tempDir;

    private Path work;
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws Exception {
        work = tempDir.toRealPath();
        remotefs = new RemotefsProcess(work);
    }

    private Result ok(String... args) {
        Result result = remotefs.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private String createVolume() {
        return ok("volume", "create", "--size", "1", "-f", "value", "-c", "id").stdout().strip();
    }

    private String snapshot(String volumeId) {
        return ok("snapshot", "create", volumeId, "-f", "value", "-c", "id").stdout().strip();
    }

    @Test
    void snapshotShowPrintsOneSnapshotAndAnUnknownOneIsNotFound() {
        String volume = createVolume();
        String first = snapshot(volume);
        String second = snapshot(volume);

        JsonNode shown = ok("snapshot", "show", second, "-f", "json").stdoutJson();
        Result unknown = remotefs.run("snapshot", "show", UNKNOWN_ID, "-f", "json");

        assertThat(shown.path("id").asText()).isEqualTo(second);
        assertThat(shown.path("volume_id").asText()).isEqualTo(volume);
        assertThat(shown.path("position").asInt()).isEqualTo(2);
        assertThat(shown.path("volume_size").asInt()).isEqualTo(1);
        assertThat(ok("snapshot", "show", first, "-f", "value", "-c", "position").stdout()).isEqualTo("1\n");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderrJson().path("code").asText()).isEqualTo("SNAPSHOT_NOT_FOUND");
    }

    @Test
    void volumeDeleteOfSeveralIdsTriesEachReportsEachAndFailsIfOneFailed() {
        String first = createVolume();
        String second = createVolume();

        Result result = remotefs.run("volume", "delete", first, UNKNOWN_ID, second, "-f", "json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode reports = result.stdoutJson();
        assertThat(reports).hasSize(3);
        assertThat(reports.get(0).path("deleted").asBoolean()).isTrue();
        assertThat(reports.get(1).path("deleted").asBoolean()).isFalse();
        assertThat(reports.get(1).path("error").path("code").asText()).isEqualTo("VOLUME_NOT_FOUND");
        assertThat(reports.get(2).path("id").asText()).isEqualTo(second);
        assertThat(reports.get(2).path("deleted").asBoolean()).isTrue();
        JsonNode error = result.stderrJson();
        assertThat(error.path("code").asText()).isEqualTo("VOLUME_NOT_FOUND");
        assertThat(error.path("details").path("failed").asText()).isEqualTo(UNKNOWN_ID);
        assertThat(ok("volume", "list", "-f", "json").stdoutJson()).isEmpty();
    }

    @Test
    void volumeDeleteOfSeveralIdsThatAllExistSucceedsAndSaysSoForEach() {
        String first = createVolume();
        String second = createVolume();

        Result result = ok("volume", "delete", first, second);

        assertThat(result.stdout()).contains("deleted volume " + first, "deleted volume " + second);
        assertThat(ok("volume", "list", "-f", "value", "-c", "id").stdout()).isEmpty();
    }

    @Test
    void snapshotDeleteOfSeveralIdsDeletesEach() {
        String volume = createVolume();
        String first = snapshot(volume);
        String second = snapshot(volume);

        Result result = ok("snapshot", "delete", first, second, "-f", "csv", "-c", "id", "-c", "deleted");

        assertThat(result.stdout().lines().toList())
                .containsExactly("\"id\",\"deleted\"", "\"" + first + "\",true", "\"" + second + "\",true");
        assertThat(ok("snapshot", "list", volume, "-f", "json").stdoutJson()).isEmpty();
    }

    @Test
    void imageListShowAndDeleteWorkOnTheLocalImageService() throws Exception {
        Path images = Files.createDirectories(work.resolve("remotefs-images"));
        Files.write(images.resolve("cirros.raw"), new byte[4096]);
        Files.write(images.resolve("other.raw"), new byte[512]);

        JsonNode list = ok("image", "list", "-f", "json").stdoutJson();
        Result show = ok("image", "show", "cirros.raw", "-f", "value", "-c", "disk_format", "-c", "size");
        Result delete = remotefs.run("image", "delete", "cirros.raw", "nope.raw", "-f", "json");

        List<String> ids = new ArrayList<>();
        list.forEach(image -> ids.add(image.path("id").asText()));
        assertThat(ids).containsExactly("cirros.raw", "other.raw");
        assertThat(show.stdout()).isEqualTo("raw\n4096\n");
        assertThat(delete.exitCode()).isEqualTo(1);
        assertThat(delete.stderrJson().path("code").asText()).isEqualTo("IMAGE_NOT_FOUND");
        assertThat(images.resolve("cirros.raw")).doesNotExist();
        assertThat(images.resolve("other.raw")).exists();
    }

    @Test
    void imageListWithoutTheImageDirectoryIsEmptyAndCreatesNothing() {
        Result result = ok("image", "list", "-f", "json");

        assertThat(result.stdoutJson()).isEmpty();
        assertThat(work.resolve("remotefs-images")).doesNotExist();
    }

    @Test
    void helpOfANestedCommandPrintsThatCommandsHelp() {
        Result create = ok("help", "volume", "create");
        Result unknown = remotefs.run("help", "volume", "nope");

        assertThat(create.stdout()).startsWith("Usage: remotefs volume create").contains("--source-volume");
        assertThat(unknown.exitCode()).isEqualTo(2);
    }

    @Test
    void emptyImageNamesAreRefused() {
        String volume = createVolume();

        Result create = remotefs.run("volume", "create", "--size", "1", "--image", "", "-f", "json");
        Result upload = remotefs.run("volume", "upload-to-image", volume, "--image", " ", "-f", "json");

        assertThat(create.exitCode()).isEqualTo(1);
        assertThat(create.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(upload.exitCode()).isEqualTo(1);
        assertThat(upload.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(work.resolve("remotefs-images")).doesNotExist();
    }

    @Test
    void backendGivenTwiceIsAUsageErrorOutsideImportCinder() {
        Result result = remotefs.run("volume", "list", "--backend", "a", "--backend", "b", "-f", "json");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
    }
}
