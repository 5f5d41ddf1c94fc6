package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;

/** Pools from the command line: a localfs backend with two shares reporting one pool each. */
class PoolsCommandsIT {
    @TempDir
    Path tempDir;

    private Path work;
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws Exception {
        work = tempDir.toRealPath();
        Path gold = Files.createDirectories(work.resolve("gold"));
        Path silver = Files.createDirectories(work.resolve("silver"));
        Files.writeString(work.resolve("shares"), gold + "\n" + silver + "\n");
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.backends.pooled {
                  driver = localfs
                  localfs_shares_config = "%s"
                  localfs_report_pools = true
                  localfs_pool_mappings = "%s:cheap"
                }
                remotefs.backends.flat { driver = localfs, nas_share_path = "%s" }
                """.formatted(work.resolve("shares"), silver, work.resolve("flat")), StandardCharsets.UTF_8);
        remotefs = new RemotefsProcess(work);
    }

    private Result run(String... command) {
        List<String> all = new ArrayList<>(List.of("--config", work.resolve("remotefs.conf").toString()));
        all.addAll(List.of(command));
        return remotefs.run(all.toArray(String[]::new));
    }

    @Test
    void statsShowOnePoolPerShareAsJsonAndAsRows() {
        Result json = run("--backend", "pooled", "--format", "json", "stats");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode stats = json.stdoutJson();
        assertThat(stats.path("total_capacity_gb").asDouble()).isZero();
        List<String> names = new ArrayList<>();
        stats.path("pools").forEach(pool -> names.add(pool.path("pool_name").asText()));
        assertThat(names).containsExactly(work.resolve("gold").toString(), "cheap");

        Result table = run("--backend", "pooled", "stats");
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.stdout()).contains("POOL_NAME").containsPattern("(?m)^cheap\\s+[0-9.]+");
    }

    @Test
    void volumeCreatePoolPlacesTheVolumeOnThatPoolsShareAndAnUnknownPoolIsRefused() {
        Result created = run("--backend", "pooled", "--format", "json", "volume", "create", "--size", "1", "--pool",
                "cheap");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.stdoutJson().path("provider_location").asText()).isEqualTo(work.resolve("silver").toString());

        Result unknown = run("--backend", "pooled", "--format", "json", "volume", "create", "--size", "1", "--pool",
                "dear");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(unknown.stderrJson().path("details").path("pool").asText()).isEqualTo("dear");

        Result flat = run("--backend", "flat", "--format", "json", "volume", "create", "--size", "1", "--pool", "cheap");
        assertThat(flat.exitCode()).isEqualTo(1);
        assertThat(flat.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(flat.stderrJson().path("details").path("option").asText()).isEqualTo("--pool");
    }
}
