package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.remotefs.cli.RemotefsProcess.Result;

/** Errors a person understands, and read-only commands that leave nothing behind. */
@Execution(ExecutionMode.CONCURRENT)
class ErrorMessagesIT {
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

    @Test
    void aMissingClosingBraceIsNamedWithTheLineOfItsOpeningOne() throws Exception {
        Path config = Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.backends {
                  gold { driver = localfs, nas_share_path = "/srv/gold" }
                  silver { driver = localfs, nas_share_path = "/srv/silver"
                }
                """, StandardCharsets.UTF_8);

        Result result = remotefs.run("--config", config.toString(), "volume", "list", "-f", "json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrJson().path("code").asText()).isEqualTo("INVALID_CONFIGURATION_VALUE");
        assertThat(result.stderrJson().path("details").path("line").asText()).isEqualTo("1");
        assertThat(result.stderrJson().path("message").asText()).contains("'}'").doesNotContain("parentheses");
    }

    @Test
    void aSharesFileWithoutAShareLineSaysSoInsteadOfPointingAtWarningsThatAreNotThere() throws Exception {
        Path shares = Files.writeString(work.resolve("shares"), "# no share yet\n\n", StandardCharsets.UTF_8);
        Path config = Files.writeString(work.resolve("remotefs.conf"),
                "remotefs.backends.a { driver = localfs, localfs_shares_config = \"" + shares + "\" }\n",
                StandardCharsets.UTF_8);

        Result table = remotefs.run("--config", config.toString(), "volume", "create", "--size", "1");
        Result json = remotefs.run("--config", config.toString(), "volume", "create", "--size", "1", "-f", "json");

        assertThat(table.exitCode()).isEqualTo(1);
        assertThat(table.stderr()).contains("[NO_SHARES_MOUNTED]").contains("no share line")
                .doesNotContain("warnings above");
        assertThat(json.stderrJson().path("code").asText()).isEqualTo("NO_SHARES_MOUNTED");
        assertThat(json.stderrJson().path("message").asText()).doesNotContain("warnings above");
    }

    @Test
    void readOnlyCommandsInADirectoryWithoutDataFindNothingAndMakeNothing() {
        Result list = remotefs.run("volume", "list", "-f", "json");
        Result snapshots = remotefs.run("snapshot", "list", "-f", "json");
        Result show = remotefs.run("volume", "show", UNKNOWN_ID, "-f", "json");
        Result snapshot = remotefs.run("snapshot", "show", UNKNOWN_ID, "-f", "json");
        Result connection = remotefs.run("connection", "show", UNKNOWN_ID, "-f", "json");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdoutJson()).isEmpty();
        assertThat(snapshots.stdoutJson()).isEmpty();
        assertThat(show.stderrJson().path("code").asText()).isEqualTo("VOLUME_NOT_FOUND");
        assertThat(show.stderrJson().path("details").path("volume_id").asText()).isEqualTo(UNKNOWN_ID);
        assertThat(snapshot.stderrJson().path("code").asText()).isEqualTo("SNAPSHOT_NOT_FOUND");
        assertThat(connection.stderrJson().path("code").asText()).isEqualTo("VOLUME_NOT_FOUND");
        assertThat(work.resolve("remotefs-data")).doesNotExist();
    }

    @Test
    void anIdIsNamedAsTheUserTypedIt() {
        String upper = UNKNOWN_ID.toUpperCase(java.util.Locale.ROOT);

        Result volume = remotefs.run("volume", "show", upper, "-f", "json");
        Result snapshot = remotefs.run("snapshot", "show", upper, "-f", "json");

        assertThat(volume.stderrJson().path("code").asText()).isEqualTo("VOLUME_NOT_FOUND");
        assertThat(volume.stderrJson().path("message").asText()).contains(upper);
        assertThat(snapshot.stderrJson().path("code").asText()).isEqualTo("SNAPSHOT_NOT_FOUND");
        assertThat(snapshot.stderrJson().path("message").asText()).contains(upper);
    }

    @Test
    void anIdThatIsNoUuidIsNamedInTheError() {
        Result result = remotefs.run("volume", "show", "my-volume", "-f", "json");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(result.stderrJson().path("message").asText()).contains("my-volume");
    }
}
