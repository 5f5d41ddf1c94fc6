package org.remotefs.cli;

import static org.remotefs.cli.TestFiles.fieldNames;
import static org.remotefs.cli.TestFiles.ids;
import static org.remotefs.cli.TestFiles.listing;
import static org.remotefs.cli.TestFiles.stream;
import static org.remotefs.cli.TestFiles.texts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code remotefs} command line, run from its shaded jar as a separate process. Every test
 * works in its own temporary directory: the working directory of the command (so the default
 * backend's {@code remotefs-data} lands there), and the place of its configuration and shares.
 * The tests are independent and mostly wait for child processes, so they run concurrently.
 */
@Execution(ExecutionMode.CONCURRENT)
class RemoteFsCommandIT {
    private static final long GIB = 1L << 30;
    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** A well-formed id that no test creates. */
    private static final String UNKNOWN_ID = "0b6a3a3e-8d3c-4a6a-9a55-3f1d2c3b4a5e";
    private static final List<String> CINDER_STATS_KEYS = List.of("volume_backend_name", "vendor_name",
            "driver_version", "storage_protocol", "total_capacity_gb", "free_capacity_gb", "provisioned_capacity_gb",
            "reserved_percentage", "max_over_subscription_ratio", "thin_provisioning_support",
            "thick_provisioning_support", "QoS_support");

    @TempDir
    Path tempDir;

    /** The working directory of every run, with symbolic links resolved as the command sees it. */
    private Path work;
    /** Where the default backend keeps its volumes. */
    private Path data;
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws IOException {
        work = tempDir.toRealPath();
        data = work.resolve("remotefs-data");
        remotefs = new RemotefsProcess(work);
    }

    // ------------------------------------------------------------------ the default backend

    @Test
    void quickStartCreatesASparseOneGibVolumeInRemotefsDataAndListsIt() throws IOException {
        assertThat(data).doesNotExist();

        JsonNode created = json("volume", "create", "--size", "1");

        String id = created.path("id").asText();
        assertThat(id).matches(UUID_FORMAT);
        Path file = data.resolve("volume-" + id);
        assertVolume(created, id, 1, data, "raw");
        assertThat(file).isRegularFile();
        assertThat(Files.size(file)).as("length of %s", file).isEqualTo(GIB);
        assertThat(qemuImgInfo(file).path("actual-size").asLong()).as("allocated bytes of the sparse volume %s", file)
                .isLessThan(16L << 20);
        assertThat(volumeFiles(data)).containsExactly(file);

        JsonNode listed = json("volume", "list");
        assertThat(listed.isArray()).as("volume list: %s", listed).isTrue();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).isEqualTo(created);
    }

    @Test
    void quickStartInTableModePrintsTheVolumeForPeople() throws IOException {
        Result create = remotefs.run("volume", "create", "--size", "1");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        List<Path> files = volumeFiles(data);
        assertThat(files).hasSize(1);
        String id = files.get(0).getFileName().toString().substring("volume-".length());
        assertThat(create.stdout()).as(create.toString()).contains(id);

        Result list = remotefs.run("volume", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).as(list.toString()).contains("ID").contains(id).contains(data.toString());
    }

    @Test
    void driversListsLocalfsWithItsCapabilities() {
        JsonNode drivers = json("drivers");

        assertThat(drivers.isArray()).as("drivers: %s", drivers).isTrue();
        JsonNode localfs = stream(drivers).filter(d -> "localfs".equals(d.path("id").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no driver with id localfs in " + drivers));
        assertThat(localfs.path("version").asText()).isNotBlank();
        assertThat(localfs.path("capabilities").isArray()).as("capabilities of %s", localfs).isTrue();
        assertThat(texts(localfs.path("capabilities"))).contains("thin", "thick", "qcow2");
    }

    @Test
    void creatingAnExistingIdFailsWithVolumeExistsAndLeavesTheVolumeAlone() throws IOException {
        String id = UUID.randomUUID().toString();
        JsonNode created = json("volume", "create", "--size", "1", "--id", id);
        assertThat(created.path("id").asText()).isEqualTo(id);
        Path file = data.resolve("volume-" + id);
        Map<String, String> before = listing(work);

        JsonNode error = fails("VOLUME_EXISTS", "volume", "create", "--size", "2", "--id", id);

        assertThat(error.path("message").asText()).contains(id);
        assertThat(listing(work)).isEqualTo(before);
        assertThat(Files.size(file)).isEqualTo(GIB);
        assertThat(json("volume", "show", id)).isEqualTo(created);
    }

    @Test
    void showConnectionAndDeleteAVolume() {
        JsonNode created = json("volume", "create", "--size", "1");
        String id = created.path("id").asText();
        Path file = data.resolve("volume-" + id);

        assertThat(json("volume", "show", id)).isEqualTo(created);

        JsonNode connection = json("connection", "show", id);
        assertThat(connection.path("driver_volume_type").asText()).as("connection: %s", connection).isNotBlank();
        JsonNode connectionData = connection.path("data");
        assertThat(connectionData.path("export").asText()).isEqualTo(data.toString());
        assertThat(connectionData.path("name").asText()).isEqualTo("volume-" + id);
        assertThat(connectionData.path("format").asText()).isEqualTo("raw");

        JsonNode deleted = json("volume", "delete", id);
        assertThat(deleted.path("id").asText()).isEqualTo(id);
        assertThat(deleted.path("deleted").asBoolean()).as("delete: %s", deleted).isTrue();
        assertThat(file).doesNotExist();
        assertThat(volumeFiles(data)).isEmpty();
        assertThat(json("volume", "list")).isEmpty();

        fails("VOLUME_NOT_FOUND", "volume", "show", id);
        fails("VOLUME_NOT_FOUND", "connection", "show", id);
        fails("VOLUME_NOT_FOUND", "volume", "delete", id);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("volume create --size 0", "INVALID_INPUT", "0"),
                arguments("volume create --size -1", "INVALID_INPUT", "-1"),
                arguments("volume create --size abc", "INVALID_INPUT", "abc"),
                arguments("volume create --size 1.5", "INVALID_INPUT", "1.5"),
                arguments("volume create --size 1 --id ../../etc/passwd", "INVALID_INPUT", "../../etc/passwd"),
                arguments("volume create --size 1 --id not-a-uuid", "INVALID_INPUT", "not-a-uuid"),
                arguments("volume show ../../etc/passwd", "INVALID_INPUT", "../../etc/passwd"),
                arguments("volume delete ../../etc/passwd", "INVALID_INPUT", "../../etc/passwd"),
                arguments("connection show ../../etc/passwd", "INVALID_INPUT", "../../etc/passwd"),
                arguments("volume show not-a-uuid", "INVALID_INPUT", "not-a-uuid"),
                arguments("volume delete not-a-uuid", "INVALID_INPUT", "not-a-uuid"),
                arguments("connection show not-a-uuid", "INVALID_INPUT", "not-a-uuid"),
                arguments("volume show " + UNKNOWN_ID, "VOLUME_NOT_FOUND", UNKNOWN_ID),
                arguments("volume delete " + UNKNOWN_ID, "VOLUME_NOT_FOUND", UNKNOWN_ID),
                arguments("connection show " + UNKNOWN_ID, "VOLUME_NOT_FOUND", UNKNOWN_ID),
                arguments("--backend nope volume list", "BACKEND_NOT_FOUND", "nope"),
                arguments("volume create --size 1 --backend nope", "BACKEND_NOT_FOUND", "nope"),
                arguments("--config missing.conf volume list", "INVALID_CONFIGURATION_VALUE", "missing.conf"),
                arguments("volume create --size 1 --config missing.conf", "INVALID_CONFIGURATION_VALUE", "missing.conf"));
    }

    @ParameterizedTest(name = "remotefs {0} -> {1}")
    @MethodSource("badRequests")
    void badRequestFailsWithItsCodeAndChangesNothing(String commandLine, String code, String offending)
            throws IOException {
        json("volume", "create", "--size", "1");
        Map<String, String> before = listing(work);

        JsonNode error = fails(code, commandLine.split(" "));

        assertThat(error.path("message").asText()).as("message of %s", error).contains(offending);
        assertThat(listing(work)).as("files after 'remotefs %s'", commandLine).isEqualTo(before);
    }

    @Test
    void badRequestsInAFreshDirectoryCreateNoDataDirectory() throws IOException {
        fails("INVALID_INPUT", "volume", "create", "--size", "0");
        fails("INVALID_INPUT", "volume", "create", "--size", "1", "--id", "not-a-uuid");
        fails("INVALID_INPUT", "volume", "show", "../../etc/passwd");
        fails("BACKEND_NOT_FOUND", "--backend", "nope", "volume", "create", "--size", "1");

        assertThat(listing(work)).isEmpty();
    }

    @ParameterizedTest(name = "remotefs {0} -> exit 2, one JSON error on stderr")
    @CsvSource(delimiter = '|', value = {
            "volume frobnicate --format json | remotefs volume",
            "--format json frobnicate | remotefs",
            "volume list --bogus --format=json | remotefs volume list",
            "volume create --format json | remotefs volume create",
            "--format json volume create --image x | remotefs volume create",
            "snapshot create --format JSON | remotefs snapshot create",
            "--format json volume | remotefs volume",
            "--format json | remotefs"})
    void usageErrorInJsonModeIsOneJsonDocument(String commandLine, String command) throws IOException {
        Result result = remotefs.run(commandLine.split(" "));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).as(result.toString()).isBlank();
        JsonNode error = result.stderrJson();
        assertThat(error.path("code").asText()).as(result.toString()).isEqualTo("INVALID_INPUT");
        assertThat(error.path("message").asText()).as(result.toString()).isNotBlank();
        assertThat(error.path("details").path("command").asText()).as(result.toString()).isEqualTo(command);
        assertThat(listing(work)).isEmpty();
    }

    @ParameterizedTest(name = "remotefs {0} prints the usage of '{1}'")
    @CsvSource(delimiter = '|', value = {
            "volume create --help | remotefs volume create",
            "snapshot list -h     | remotefs snapshot list",
            "help snapshot        | remotefs snapshot",
            "--help               | remotefs"})
    void helpOnAnyCommandPrintsItsUsage(String commandLine, String command) throws IOException {
        Result result = remotefs.run(commandLine.strip().split(" "));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).startsWith("Usage: " + command + " ");
        assertThat(listing(work)).isEmpty();
    }

    @ParameterizedTest(name = "remotefs {0} -> exit 2")
    @ValueSource(strings = {"volume frobnicate", "frobnicate", "volume", "snapshot",
            "volume list --bogus", "volume list --format xml", "volume create", "volume show"})
    void usageErrorExitsWithTwo(String commandLine) throws IOException {
        Result result = remotefs.run(commandLine.split(" "));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).as(result.toString()).isNotBlank().doesNotStartWith("{");
        assertThat(listing(work)).isEmpty();
    }

    @Test
    void everySuccessfulJsonCommandPrintsExactlyOneDocumentOnStdout() {
        // json(...) asserts exit status 0, exactly one document on stdout and nothing on stderr
        assertThat(json("drivers").isArray()).isTrue();
        assertThat(json("backends").isArray()).isTrue();
        assertThat(json("volume", "list")).isEmpty();
        JsonNode created = json("volume", "create", "--size", "2");
        String id = created.path("id").asText();
        assertVolume(created, id, 2, data, "raw");
        assertThat(json("volume", "list")).hasSize(1);
        assertThat(json("volume", "show", id).path("id").asText()).isEqualTo(id);
        assertThat(json("connection", "show", id).path("data").isObject()).isTrue();
        assertThat(json("stats").isObject()).isTrue();
        assertThat(json("stats", "--refresh").isObject()).isTrue();
        assertThat(json("volume", "delete", id).path("deleted").asBoolean()).isTrue();

        // global options before the subcommand, and with --verbose
        Result before = remotefs.run("--format", "json", "volume", "list");
        assertThat(before.exitCode()).as(before.toString()).isZero();
        assertThat(before.stdoutJson()).isEmpty();
        Result verbose = remotefs.run("-v", "--format", "json", "volume", "create", "--size", "1");
        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        assertThat(verbose.stdoutJson().path("id").asText()).matches(UUID_FORMAT);
        // what --verbose logs goes into the one stderr document, under "log"
        assertThat(verbose.stderrJson().path("log").isArray()).as(verbose.toString()).isTrue();
        assertThat(verbose.stderrJson().path("log")).anySatisfy(line -> assertThat(line.asText()).contains("created volume"));
    }

    // ------------------------------------------------------------------ stats

    @Test
    void statsHaveCindersKeys() {
        json("volume", "create", "--size", "1");

        for (JsonNode stats : List.of(json("stats"), json("stats", "--refresh"))) {
            assertThat(fieldNames(stats)).as("stats keys").containsAll(CINDER_STATS_KEYS);
            assertThat(stats.path("vendor_name").asText()).isEqualTo("Open Source");
            assertThat(stats.path("volume_backend_name").asText()).isNotBlank();
            assertThat(stats.path("driver_version").asText()).isNotBlank();
            assertThat(stats.path("storage_protocol").asText()).isNotBlank();
            double total = stats.path("total_capacity_gb").asDouble();
            double free = stats.path("free_capacity_gb").asDouble();
            assertThat(stats.path("total_capacity_gb").isNumber()).isTrue();
            assertThat(stats.path("free_capacity_gb").isNumber()).isTrue();
            assertThat(total).as("total_capacity_gb").isPositive().isGreaterThanOrEqualTo(free);
            assertThat(free).as("free_capacity_gb").isGreaterThanOrEqualTo(0);
            // one sparse 1 GiB volume on the share
            assertThat(stats.path("provisioned_capacity_gb").asDouble()).isCloseTo(1.0, within(0.05));
            assertThat(stats.path("reserved_percentage").asInt()).isZero();
            assertThat(stats.path("max_over_subscription_ratio").asDouble()).isEqualTo(20.0);
            assertThat(stats.path("thin_provisioning_support").isBoolean()).isTrue();
            assertThat(stats.path("thin_provisioning_support").asBoolean()).isTrue();
            assertThat(stats.path("thick_provisioning_support").isBoolean()).isTrue();
            assertThat(stats.path("QoS_support").isBoolean()).isTrue();
        }
    }

    @Test
    void statsReportTheConfiguredOptions() throws IOException {
        Path share = work.resolve("gold-share");
        write("remotefs.conf", """
                remotefs.backends {
                  gold {
                    driver = localfs
                    nas_share_path = "%s"
                    reserved_percentage = 5
                    max_over_subscription_ratio = 2.5
                    volume_backend_name = gold_pool
                  }
                }
                """.formatted(share));

        JsonNode stats = json("--config", "remotefs.conf", "stats");

        assertThat(stats.path("volume_backend_name").asText()).isEqualTo("gold_pool");
        assertThat(stats.path("reserved_percentage").asInt()).isEqualTo(5);
        assertThat(stats.path("max_over_subscription_ratio").asDouble()).isEqualTo(2.5);
        assertThat(stats.path("total_capacity_gb").asDouble())
                .isGreaterThanOrEqualTo(stats.path("free_capacity_gb").asDouble());
    }

    // ------------------------------------------------------------------ configured backends

    @Test
    void twoBackendsKeepTheirVolumesInTheirOwnDirectories() throws IOException {
        Path gold = work.resolve("gold-share");
        Path silver = work.resolve("silver-share");
        Path shares = write("silver-shares.txt", silver + "\n");
        write("remotefs.conf", """
                remotefs.backends {
                  gold { driver = localfs, nas_share_path = "%s" }
                  silver { driver = localfs, localfs_shares_config = "%s", localfs_qcow2_volumes = true }
                }
                """.formatted(gold, shares));

        JsonNode backends = json("--config", "remotefs.conf", "backends");
        assertBackend(backends, "gold", gold, false);
        assertBackend(backends, "silver", silver, false);

        JsonNode goldVolume = json("--config", "remotefs.conf", "--backend", "gold", "volume", "create", "--size", "1");
        JsonNode silverVolume = json("volume", "create", "--size", "1", "--config", "remotefs.conf", "--backend", "silver");
        String goldId = goldVolume.path("id").asText();
        String silverId = silverVolume.path("id").asText();

        assertVolume(goldVolume, goldId, 1, gold, "raw");
        assertVolume(silverVolume, silverId, 1, silver, "qcow2");
        assertThat(volumeFiles(gold)).containsExactly(gold.resolve("volume-" + goldId));
        assertThat(volumeFiles(silver)).containsExactly(silver.resolve("volume-" + silverId));
        assertThat(data).as("the default backend's directory").doesNotExist();
        assertThat(Files.size(gold.resolve("volume-" + goldId))).isEqualTo(GIB);
        JsonNode qcow2 = qemuImgInfo(silver.resolve("volume-" + silverId));
        assertThat(qcow2.path("format").asText()).isEqualTo("qcow2");
        assertThat(qcow2.path("virtual-size").asLong()).isEqualTo(GIB);

        assertThat(ids(json("--config", "remotefs.conf", "--backend", "gold", "volume", "list"))).containsExactly(goldId);
        assertThat(ids(json("--config", "remotefs.conf", "--backend", "silver", "volume", "list"))).containsExactly(silverId);
        fails("VOLUME_NOT_FOUND", "--config", "remotefs.conf", "--backend", "gold", "volume", "show", silverId);
        fails("VOLUME_NOT_FOUND", "--config", "remotefs.conf", "--backend", "silver", "volume", "show", goldId);
        JsonNode connection = json("--config", "remotefs.conf", "--backend", "silver", "connection", "show", silverId);
        assertThat(connection.path("data").path("export").asText()).isEqualTo(silver.toString());
        assertThat(connection.path("data").path("format").asText()).isEqualTo("qcow2");

        backends = json("--config", "remotefs.conf", "backends");
        assertBackend(backends, "gold", gold, true);
        assertBackend(backends, "silver", silver, true);
    }

    @Test
    void twoBackendsAndNoBackendOptionIsBackendNotFound() throws IOException {
        write("remotefs.conf", """
                remotefs.backends {
                  gold { driver = localfs, nas_share_path = "%s" }
                  silver { driver = localfs, nas_share_path = "%s" }
                }
                """.formatted(work.resolve("gold-share"), work.resolve("silver-share")));
        Map<String, String> before = listing(work);

        JsonNode error = fails("BACKEND_NOT_FOUND", "--config", "remotefs.conf", "volume", "create", "--size", "1");

        assertThat(error.path("message").asText()).contains("gold").contains("silver");
        assertThat(listing(work)).isEqualTo(before);
    }

    @Test
    void aMissingSharesFileIsNamedWithTheBackendAndTheLineThatSetIt() throws IOException {
        write("remotefs.conf", """
                remotefs.backends.gold {
                  driver = localfs
                  localfs_shares_config = "%s"
                }
                """.formatted(work.resolve("no-such-shares")));
        Map<String, String> before = listing(work);

        JsonNode error = fails("INVALID_CONFIGURATION_VALUE", "--config", "remotefs.conf", "volume", "create", "--size", "1");

        assertThat(error.path("details").path("option").asText()).isEqualTo("localfs_shares_config");
        assertThat(error.path("details").path("file").asText()).endsWith("no-such-shares");
        assertThat(error.path("details").path("origin").asText()).contains("backend 'gold'", "remotefs.conf:3");
        assertThat(listing(work)).isEqualTo(before);
    }

    @Test
    void thickVolumesAreFullyAllocated() throws IOException {
        Path share = work.resolve("thick-share");
        write("remotefs.conf", """
                remotefs.backends.gold { driver = localfs, nas_share_path = "%s", localfs_sparsed_volumes = false }
                """.formatted(share));

        JsonNode created = json("--config", "remotefs.conf", "volume", "create", "--size", "1");

        String id = created.path("id").asText();
        assertVolume(created, id, 1, share, "raw");
        Path file = share.resolve("volume-" + id);
        assertThat(Files.size(file)).isEqualTo(GIB);
        assertThat(qemuImgInfo(file).path("actual-size").asLong()).as("allocated bytes of the thick volume %s", file)
                .isGreaterThanOrEqualTo(GIB);
        JsonNode stats = json("--config", "remotefs.conf", "stats");
        assertThat(stats.path("thin_provisioning_support").asBoolean()).isFalse();
        assertThat(stats.path("thick_provisioning_support").asBoolean()).isTrue();
    }

    @Test
    void volumesAreSpreadOverTheSharesOfASharesFile() throws IOException {
        Path first = work.resolve("share-a");
        Path second = work.resolve("share-b");
        write("shares.txt", "# two shares\n" + first + "\n" + second + " -o ro\n");
        write("remotefs.conf", "remotefs.backends.gold { driver = localfs, localfs_shares_config = shares.txt }\n");

        JsonNode one = json("--config", "remotefs.conf", "volume", "create", "--size", "1");
        JsonNode two = json("--config", "remotefs.conf", "volume", "create", "--size", "1");

        assertThat(List.of(one.path("provider_location").asText(), two.path("provider_location").asText()))
                .as("the share with the fewest allocated bytes takes each new volume")
                .containsExactlyInAnyOrder(first.toString(), second.toString());
        assertThat(volumeFiles(first)).hasSize(1);
        assertThat(volumeFiles(second)).hasSize(1);
        JsonNode listed = json("--config", "remotefs.conf", "volume", "list");
        assertThat(ids(listed)).containsExactlyInAnyOrder(one.path("id").asText(), two.path("id").asText());
    }

    @Test
    void sharesFileWithABadLineWarnsAndUsesTheGoodOne() throws IOException {
        Path good = work.resolve("good-share");
        // line 1 a comment, line 2 the good share, line 3 not an absolute path
        Path shares = write("shares.txt", "# shares of the test backend\n" + good + "\nrelative/dir\n");
        write("remotefs.conf", """
                remotefs.backends.silver { driver = localfs, localfs_shares_config = "%s" }
                """.formatted(shares));

        Result create = remotefs.run("--config", "remotefs.conf", "volume", "create", "--size", "1", "--format", "json");

        assertThat(create.exitCode()).as(create.toString()).isZero();
        JsonNode created = create.stdoutJson();
        String id = created.path("id").asText();
        assertVolume(created, id, 1, good, "raw");
        assertThat(volumeFiles(good)).containsExactly(good.resolve("volume-" + id));
        assertThat(work.resolve("relative")).doesNotExist();
        JsonNode stderr = create.stderrJson();
        assertThat(stderr.isObject()).as(create.toString()).isTrue();
        List<String> warnings = texts(stderr.path("warnings"));
        Pattern lineThree = Pattern.compile("shares\\.txt\\D{0,12}3\\b");
        Pattern otherLine = Pattern.compile("shares\\.txt\\D{0,12}[12]\\b");
        assertThat(warnings).as("warnings of %s", create).isNotEmpty()
                .anyMatch(w -> lineThree.matcher(w).find())
                .noneMatch(w -> otherLine.matcher(w).find());

        Result list = remotefs.run("--config", "remotefs.conf", "volume", "list");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains(id);
        assertThat(list.stderr()).as("warnings in table mode").containsPattern(lineThree);
    }

    @Test
    void sharesFileWithNoUsableLineFailsWithOneErrorDocumentCarryingTheWarnings() throws IOException {
        write("shares.txt", "relative/dir\n");
        write("remotefs.conf", "remotefs.backends.gold { driver = localfs, localfs_shares_config = shares.txt }\n");
        Map<String, String> before = listing(work);

        Result create = remotefs.run("--config", "remotefs.conf", "volume", "create", "--size", "1", "--format", "json");

        JsonNode error = assertError(create, "NO_SHARES_MOUNTED");
        assertThat(texts(error.path("warnings"))).as("warnings of %s", create).isNotEmpty()
                .anyMatch(w -> w.contains("shares.txt"));
        assertThat(listing(work)).isEqualTo(before);
        assertErrorHasDetails(create, error);
    }

    // ------------------------------------------------------------------ bad configurations

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "reserved_percentage         | 150",
            "reserved_percentage         | -1",
            "max_over_subscription_ratio | 0.5",
            "localfs_sparsed_volumes     | maybe",
            "nas_secure_file_permissions | sometimes"})
    void invalidOptionValueNamesTheKeyTheValueAndTheFileLine(String key, String value) throws IOException {
        Path share = work.resolve("gold-share");
        write("backends.conf", """
                # a backend with one bad option
                remotefs.backends {
                  gold {
                    driver = localfs
                    nas_share_path = "%s"
                    %s = %s
                  }
                }
                """.formatted(share, key, value));
        Map<String, String> before = listing(work);

        for (String[] command : List.of(new String[] {"volume", "create", "--size", "1"}, new String[] {"stats"})) {
            List<String> args = new ArrayList<>(List.of("--config", "backends.conf"));
            args.addAll(List.of(command));
            JsonNode error = fails("INVALID_CONFIGURATION_VALUE", args.toArray(String[]::new));

            assertThat(error.path("message").asText()).as("message of %s", error)
                    .contains(key).contains(value).contains("backends.conf:6");
        }
        assertThat(listing(work)).isEqualTo(before);
        assertThat(share).doesNotExist();
    }

    @Test
    void unknownDriverIsDriverNotFoundListingTheKnownOnes() throws IOException {
        write("remotefs.conf", """
                remotefs.backends.gold { driver = nosuch, nas_share_path = "%s" }
                """.formatted(work.resolve("gold-share")));
        Map<String, String> before = listing(work);

        JsonNode error = fails("DRIVER_NOT_FOUND", "--config", "remotefs.conf", "volume", "create", "--size", "1");

        assertThat(error.path("message").asText()).contains("nosuch").contains("localfs");
        assertThat(listing(work)).isEqualTo(before);
    }

    @Test
    void missingSharesFileIsInvalidConfigurationValue() throws IOException {
        write("remotefs.conf", """
                remotefs.backends.gold { driver = localfs, localfs_shares_config = "%s" }
                """.formatted(work.resolve("no-such-shares.txt")));
        Map<String, String> before = listing(work);

        JsonNode error = fails("INVALID_CONFIGURATION_VALUE", "--config", "remotefs.conf", "volume", "create", "--size", "1");
        assertThat(error.path("message").asText()).contains("no-such-shares.txt");
        fails("INVALID_CONFIGURATION_VALUE", "--config", "remotefs.conf", "volume", "list");

        assertThat(listing(work)).isEqualTo(before);
    }

    @Test
    void configurationSyntaxErrorIsInvalidConfigurationValueNamingTheFile() throws IOException {
        write("broken.conf", "remotefs.backends {\n  gold { driver = localfs,, nas_share_path = \n");

        JsonNode error = fails("INVALID_CONFIGURATION_VALUE", "--config", "broken.conf", "volume", "list");

        assertThat(error.path("message").asText()).contains("broken.conf");
        assertThat(data).doesNotExist();
    }

    // ------------------------------------------------------------------ volume ids and case

    @Test
    void aVolumeCreatedWithAnUppercaseIdIsListed() throws IOException {
        String id = "4AE6B2D0-1111-4222-8333-ABCDEFABCDEF";

        Result create = remotefs.run("volume", "create", "--size", "1", "--id", id, "--format", "json");

        if (create.exitCode() != 0) {
            // refusing a UUID that is not in canonical lower case is an acceptable answer too
            assertError(create, "INVALID_INPUT");
            assertThat(volumeFiles(data)).isEmpty();
            return;
        }
        String createdId = create.stdoutJson().path("id").asText();
        assertThat(createdId).isEqualToIgnoringCase(id);
        assertThat(ids(json("volume", "list"))).as("volume list after creating volume %s", id)
                .anyMatch(listed -> listed.equalsIgnoreCase(id));
    }

    @Test
    void volumeIdsThatDifferOnlyInCaseNameTheSameVolume() throws IOException {
        String id = UUID.randomUUID().toString();
        json("volume", "create", "--size", "1", "--id", id);
        Map<String, String> before = listing(work);

        Result again = remotefs.run("volume", "create", "--size", "1", "--id", id.toUpperCase(Locale.ROOT),
                "--format", "json");

        assertThat(again.exitCode()).as("a second volume with the id of %s in upper case: %s", id, again).isEqualTo(1);
        assertThat(again.stderrJson().path("code").asText()).isIn("VOLUME_EXISTS", "INVALID_INPUT");
        assertThat(listing(work)).isEqualTo(before);
    }

    // ------------------------------------------------------------------ helpers

    /** Runs with {@code --format json} (after the subcommand), expecting success and no warning. */
    private JsonNode json(String... args) {
        Result result = remotefs.run(withJson(args));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).as("stderr of a successful run without warnings: %s", result).isEmpty();
        return result.stdoutJson();
    }

    /** Runs with {@code --format json}, expecting the error {@code code}; returns the error document. */
    private JsonNode fails(String code, String... args) {
        Result result = remotefs.run(withJson(args));
        JsonNode error = assertError(result, code);
        assertErrorHasDetails(result, error);
        return error;
    }

    private static String[] withJson(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        return all;
    }

    /** Exit status 1, nothing on stdout, and one JSON error object on stderr with the code. */
    private static JsonNode assertError(Result result, String code) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).as("stdout of a failed run: %s", result).isBlank();
        JsonNode error = result.stderrJson();
        assertThat(error.isObject()).as(result.toString()).isTrue();
        assertThat(error.path("code").asText()).as(result.toString()).isEqualTo(code);
        assertThat(error.path("message").isTextual()).as(result.toString()).isTrue();
        assertThat(error.path("message").asText()).as(result.toString()).isNotBlank();
        assertThat(error.path("cinder_exception").asText()).as(result.toString()).isNotBlank();
        return error;
    }

    private static void assertErrorHasDetails(Result result, JsonNode error) {
        assertThat(error.has("details")).as("the error document has a details object: %s", result).isTrue();
        assertThat(error.path("details").isObject()).as(result.toString()).isTrue();
    }

    private static void assertVolume(JsonNode volume, String id, int sizeGib, Path share, String format) {
        String name = "volume-" + id;
        assertThat(volume.path("id").asText()).as("id of %s", volume).isEqualTo(id);
        assertThat(volume.path("name").asText()).as("name of %s", volume).isEqualTo(name);
        assertThat(volume.path("size").isIntegralNumber()).as("size of %s", volume).isTrue();
        assertThat(volume.path("size").asInt()).as("size of %s", volume).isEqualTo(sizeGib);
        assertThat(volume.path("provider_location").asText()).as("provider_location of %s", volume)
                .isEqualTo(share.toString());
        assertThat(volume.path("path").asText()).as("path of %s", volume).isEqualTo(share.resolve(name).toString());
        assertThat(volume.path("active").asText()).as("active of %s", volume).isEqualTo(name);
        assertThat(volume.path("format").asText()).as("format of %s", volume).isEqualTo(format);
        assertThat(volume.path("snapshots").isArray()).as("snapshots of %s", volume).isTrue();
        assertThat(volume.path("snapshots")).as("snapshots of %s", volume).isEmpty();
        if (volume.has("virtual_size")) {
            assertThat(volume.path("virtual_size").asLong()).isEqualTo(sizeGib * GIB);
        }
    }

    private static void assertBackend(JsonNode backends, String name, Path share, boolean mounted) {
        assertThat(backends.isArray()).as("backends: %s", backends).isTrue();
        JsonNode backend = stream(backends).filter(b -> name.equals(b.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no backend " + name + " in " + backends));
        assertThat(backend.path("driver").asText()).isEqualTo("localfs");
        assertThat(backend.has("error")).as("backend %s", backend).isFalse();
        JsonNode shares = backend.path("shares");
        assertThat(shares.isArray()).as("shares of %s", backend).isTrue();
        assertThat(shares).as("shares of %s", backend).hasSize(1);
        assertThat(shares.get(0).path("address").asText()).isEqualTo(share.toString());
        assertThat(shares.get(0).path("mount_point").asText()).isEqualTo(share.toString());
        assertThat(shares.get(0).path("mounted").isBoolean()).as("mounted of %s", backend).isTrue();
        assertThat(shares.get(0).path("mounted").asBoolean()).as("mounted of %s", backend).isEqualTo(mounted);
    }

    private JsonNode qemuImgInfo(Path file) {
        Result info = RemotefsProcess.exec(List.of("qemu-img", "info", "--output=json", file.toString()), work);
        assertThat(info.exitCode()).as(info.toString()).isZero();
        return info.stdoutJson();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** The volume files ({@code volume-*}) of a share directory, sorted; none when it does not exist. */
    private static List<Path> volumeFiles(Path share) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(share)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(share, "volume-*")) {
            entries.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }
}
