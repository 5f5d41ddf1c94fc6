package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;

/**
 * Secrets never leak: with a known {@code nas_password} configured, every command — in table and
 * JSON form, verbose, succeeding and failing — is run, and its output (stdout and stderr) is
 * searched for the secret. (A localfs backend has no connection options, so {@code connection show}
 * is searched too.)
 */
class SecretsIT {
    private static final String SECRET = "S3cret-7f9a2c-never-shown";

    @TempDir
    Path tempDir;

    @Test
    void noCommandShowsTheConfiguredPassword() throws IOException {
        Path work = tempDir.toRealPath();
        Path share = Files.createDirectories(work.resolve("share"));
        Path config = work.resolve("remotefs.conf");
        Files.writeString(config, """
                remotefs.backends.gold {
                  driver = localfs
                  nas_share_path = "%s"
                  nas_login = admin
                  nas_password = "%s"
                }
                """.formatted(share, SECRET), StandardCharsets.UTF_8);
        RemotefsProcess remotefs = new RemotefsProcess(work);
        List<Result> results = new ArrayList<>();
        String[] global = {"--config", config.toString(), "-v"};
        Result created = remotefs.run(concat(global, "--format", "json", "volume", "create", "--size", "1"));
        results.add(created);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        String id = created.stdoutJson().path("id").asText();
        Result snapshot = remotefs.run(concat(global, "--format", "json", "snapshot", "create", id));
        results.add(snapshot);
        String snapshotId = snapshot.stdoutJson().path("id").asText();
        List<List<String>> commands = List.of(List.of("drivers"), List.of("backends"), List.of("volume", "list"),
                List.of("volume", "show", id), List.of("snapshot", "list"), List.of("connection", "show", id),
                List.of("stats", "--refresh"), List.of("check"), List.of("locks"),
                List.of("volume", "extend", id, "--size", "2"), List.of("volume", "show", "not-a-uuid"),
                List.of("volume", "create", "--size", "0"), List.of("snapshot", "delete", snapshotId),
                List.of("volume", "delete", id), List.of("volume", "delete", "--force", id));
        for (List<String> command : commands) {
            for (String format : List.of("table", "json")) {
                results.add(remotefs.run(concat(concat(global, "--format", format), command.toArray(String[]::new))));
            }
        }
        assertThat(results).hasSizeGreaterThan(30).allSatisfy(result -> {
            assertThat(result.stdout()).as("stdout of %s", result.commandLine()).doesNotContain(SECRET);
            assertThat(result.stderr()).as("stderr of %s", result.commandLine()).doesNotContain(SECRET);
        });
        assertThat(results).as("the commands ran, and some failed as asked")
                .anySatisfy(r -> assertThat(r.exitCode()).isZero())
                .anySatisfy(r -> assertThat(r.exitCode()).isNotZero());
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }
}
