package org.remotefs.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A vendor's backend reaches the {@code remotefs} command through {@code REMOTEFS_CLASSPATH}, as
 * the README says: the launcher puts it beside the command's own jar.
 */
final class ExampleLauncherIT {
    /** Failsafe runs in the module's directory, two levels under the repository. */
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().getParent();

    @TempDir
    Path work;

    @Test
    void theLauncherFindsABackendOnRemotefsClasspath() throws Exception {
        Path classes = Path.of(System.getProperty("user.dir"), "target", "classes").toAbsolutePath();
        Path share = Files.createDirectories(work.resolve("exported"));
        Files.writeString(work.resolve("remotefs.conf"), "remotefs.backends.mine { driver = example, "
                + "example_mount_point_base = \"" + work.resolve("mnt") + "\", nas_host = example, "
                + "nas_share_path = \"" + share + "\" }\n");

        JsonNode drivers = run(classes, "drivers", "--format", "json");
        JsonNode created = run(classes, "--config", "remotefs.conf", "volume", "create", "--size", "1", "--format", "json");

        assertThat(drivers.findValuesAsText("id")).contains("example", "localfs", "nfs");
        assertThat(created.path("provider_location").asText()).isEqualTo("example:" + share);
        assertThat(share.resolve("volume-" + created.path("id").asText())).isRegularFile();
    }

    private JsonNode run(Path classPath, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("env", "REMOTEFS_CLASSPATH=" + classPath,
                "bash", ROOT.resolve("bin/remotefs").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectError(work.resolve("stderr").toFile()).start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s\nstdout: %s\nstderr: %s", command, stdout,
                Files.readString(work.resolve("stderr"))).isZero();
        return new ObjectMapper().readTree(stdout);
    }
}
