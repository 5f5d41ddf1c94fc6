package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.cli.RemotefsProcess.Result;

/**
 * {@code remotefs generate completion} run by bash as bash runs a completion function, with the
 * ids it offers listed by the built command; {@code remotefs generate man-pages} rendered by
 * {@code man}.
 */
class CompletionAndManPagesIT {
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

    /** What bash's completion offers for the words typed, the last one being completed. */
    private List<String> complete(Path script, Path launcher, String... words) {
        StringBuilder array = new StringBuilder("'" + launcher + "'");
        for (String word : words) {
            array.append(" '").append(word).append("'");
        }
        String program = "source '" + script + "' 2>/dev/null\n"
                + "COMP_WORDS=(" + array + "); COMP_CWORD=" + words.length + "\n"
                + "_complete_remotefs 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Result result = RemotefsProcess.exec(List.of("bash", "-c", program), work);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdout().lines().filter(line -> !line.isEmpty()).toList();
    }

    @Test
    void completionOffersCommandsOptionsAndTheIdsOfTheBackendOnTheLine() throws Exception {
        Path script = Files.writeString(work.resolve("remotefs.bash"), ok("generate", "completion").stdout(),
                StandardCharsets.UTF_8);
        Path launcher = work.resolve("remotefs");
        Files.writeString(launcher, "#!/bin/sh\nexec java " + String.join(" ", RemotefsProcess.LAUNCHER_JVM_OPTIONS)
                + " -jar '" + RemotefsProcess.jar() + "' \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        Path share = Files.createDirectories(work.resolve("gold"));
        Path config = Files.writeString(work.resolve("remotefs.conf"),
                "remotefs.backends.gold { driver = localfs, nas_share_path = \"" + share + "\" }\n", StandardCharsets.UTF_8);
        String volume = ok("--config", config.toString(), "volume", "create", "--size", "1", "-f", "value", "-c", "id")
                .stdout().strip();
        String snapshot = ok("--config", config.toString(), "snapshot", "create", volume, "-f", "value", "-c", "id")
                .stdout().strip();

        assertThat(complete(script, launcher, "volume", "sh")).containsExactly("show");
        assertThat(complete(script, launcher, "volume", "show", "--for")).containsExactly("--format");
        assertThat(complete(script, launcher, "volume", "list", "-f", "")).contains("json", "yaml", "value", "csv");
        assertThat(complete(script, launcher, "--config", config.toString(), "volume", "show", ""))
                .containsExactly(volume);
        assertThat(complete(script, launcher, "--config", config.toString(), "snapshot", "delete", ""))
                .containsExactly(snapshot);
        assertThat(complete(script, launcher, "volume", "show", "")).as("the default backend here has none").isEmpty();
        assertThat(work.resolve("remotefs-data")).as("completing made no data directory").doesNotExist();
    }

    @Test
    void manPagesAreOnePerCommandAndManRendersThem() throws Exception {
        Result result = ok("generate", "man-pages", "man1", "-f", "json");

        assertThat(result.stdoutJson().path("pages").toString()).contains("remotefs.1", "remotefs-volume-create.1",
                "remotefs-config-import-cinder.1", "remotefs-snapshot-show.1");
        Path page = work.resolve("man1").resolve("remotefs-volume-create.1");
        Result rendered = RemotefsProcess.exec(List.of("man", "-l", page.toString()), work);
        assertThat(rendered.exitCode()).as(rendered.toString()).isZero();
        assertThat(rendered.stdout()).contains("remotefs-volume-create", "SYNOPSIS", "--source-volume",
                "Clone this volume.");
        try (var pages = Files.list(work.resolve("man1"))) {
            assertThat(pages.count()).isEqualTo(result.stdoutJson().path("pages").size());
        }
    }
}
