package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The {@code openstack} client's output options, {@code -f table|json|yaml|value|csv} and
 * {@code -c NAME}, on the default localfs backend in a temporary directory.
 */
@Execution(ExecutionMode.CONCURRENT)
class OutputFormatsIT {
    @TempDir
    Path tempDir;

    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws Exception {
        remotefs = new RemotefsProcess(tempDir.toRealPath());
    }

    private Result ok(String... args) {
        Result result = remotefs.run(args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private String createVolume(int size) {
        return ok("volume", "create", "--size", Integer.toString(size), "-f", "value", "-c", "id").stdout().strip();
    }

    @Test
    void valueWithOneColumnPrintsTheBareValueAsTheOpenstackClientDoes() {
        String id = createVolume(2);

        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(ok("volume", "show", id, "-f", "value", "-c", "size").stdout()).isEqualTo("2\n");
        assertThat(ok("volume", "show", id, "--format=value", "--column", "id", "--column", "size").stdout())
                .isEqualTo(id + "\n2\n");
    }

    @Test
    void yamlHasTheSameFieldsAsJson() throws Exception {
        String id = createVolume(1);

        JsonNode json = ok("volume", "show", id, "--format", "json").stdoutJson();
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(ok("volume", "show", id, "-f", "yaml").stdout());

        assertThat(yaml).isEqualTo(json);
        assertThat(yaml.path("size").asInt()).isEqualTo(1);
    }

    @Test
    void jsonAndYamlKeepOnlyTheChosenColumnsInTheOrderGiven() throws Exception {
        String id = createVolume(1);

        JsonNode json = ok("volume", "show", id, "-f", "json", "-c", "size", "-c", "id").stdoutJson();
        JsonNode yaml = new ObjectMapper(new YAMLFactory())
                .readTree(ok("volume", "list", "-f", "yaml", "-c", "id", "-c", "path").stdout());

        assertThat(json.fieldNames()).toIterable().containsExactly("size", "id");
        assertThat(yaml).hasSize(1);
        assertThat(yaml.get(0).fieldNames()).toIterable().containsExactly("id", "path");
        assertThat(yaml.get(0).path("id").asText()).isEqualTo(id);
    }

    @Test
    void csvOfAListHasAHeaderAndOneQuotedLinePerRowWithNumbersBare() {
        String first = createVolume(1);
        String second = createVolume(3);

        List<String> lines = ok("volume", "list", "-f", "csv", "-c", "id", "-c", "size").stdout().lines().toList();

        assertThat(lines).first().isEqualTo("\"id\",\"size\"");
        assertThat(lines.subList(1, lines.size())).containsExactlyInAnyOrder("\"" + first + "\",1", "\"" + second + "\",3");
    }

    @Test
    void csvOfAnObjectIsFieldAndValue() {
        String id = createVolume(1);

        List<String> lines = ok("volume", "show", id, "-f", "csv", "-c", "id", "-c", "size").stdout().lines().toList();

        assertThat(lines).containsExactly("\"Field\",\"Value\"", "\"id\",\"" + id + "\"", "\"size\",1");
    }

    @Test
    void valueOfAListIsOneLinePerRow() {
        String first = createVolume(1);
        String second = createVolume(2);

        List<String> lines = ok("volume", "list", "-f", "value", "-c", "id", "-c", "size").stdout().lines().toList();

        assertThat(lines).containsExactlyInAnyOrder(first + " 1", second + " 2");
    }

    @Test
    void aTableShowsTheChosenColumnsOfAList() {
        String id = createVolume(1);

        List<String> lines = ok("volume", "list", "-c", "path", "-c", "id").stdout().lines().toList();

        assertThat(lines.get(0)).matches("PATH +ID");
        assertThat(lines.get(1)).endsWith(id);
    }

    @Test
    void theMessagesForPeopleAppearInTheTableOnly() {
        String id = createVolume(1);

        Result table = ok("volume", "delete", id);
        String other = createVolume(1);
        Result value = ok("volume", "delete", other, "-f", "value", "-c", "deleted");

        assertThat(table.stdout()).contains("deleted volume " + id);
        assertThat(value.stdout()).isEqualTo("true\n");
    }

    @Test
    void anUnknownColumnIsAnInvalidInputNamingIt() {
        String id = createVolume(1);

        Result show = remotefs.run("volume", "show", id, "-f", "json", "-c", "sizes");
        Result list = remotefs.run("volume", "list", "-f", "json", "-c", "nothing");

        assertThat(show.exitCode()).isEqualTo(1);
        assertThat(show.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(show.stderrJson().path("details").path("column").asText()).isEqualTo("sizes");
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.stderrJson().path("details").path("column").asText()).isEqualTo("nothing");
    }

    @Test
    void aNestedFieldIsChosenByItsDottedName() throws Exception {
        Path work = tempDir.toRealPath();
        Path share = Files.createDirectories(work.resolve("gold"));
        Files.writeString(work.resolve("shares"), share + "\n", StandardCharsets.UTF_8);
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.backends.pooled {
                  driver = localfs
                  localfs_shares_config = "%s"
                  localfs_report_pools = true
                  localfs_pool_mappings = "%s:cheap"
                }
                """.formatted(work.resolve("shares"), share), StandardCharsets.UTF_8);
        String config = work.resolve("remotefs.conf").toString();

        List<String> lines = ok("--config", config, "stats", "-f", "value", "-c", "pools.0.pool_name")
                .stdout().lines().toList();
        JsonNode json = ok("--config", config, "stats", "-f", "json", "-c", "pools.0.pool_name").stdoutJson();

        assertThat(lines).containsExactly("cheap");
        assertThat(json.path("pools.0.pool_name").asText()).isEqualTo("cheap");
    }

    @Test
    void anUnknownFormatIsAUsageErrorAndTheShortJsonOptionGivesAJsonError() {
        Result unknown = remotefs.run("volume", "list", "-f", "xml");
        Result json = remotefs.run("volume", "show", "-f", "json");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
    }
}
