package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.remotefs.cli.RemotefsProcess.Result;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Volume formats from the command line on localfs, with real qemu-img: vhd and vhdx volumes
 * created, written, extended, cloned and deleted, their snapshots refused with nothing changed;
 * and a backend with Cinder's SMB names (every file carries its format).
 */
class VolumeFormatsIT {
    @TempDir
    Path tempDir;

    private Path work;
    private Path share;
    private Path smbShare;
    private RemotefsProcess remotefs;

    @BeforeEach
    void setUp() throws Exception {
        work = tempDir.toRealPath();
        share = Files.createDirectories(work.resolve("share"));
        smbShare = Files.createDirectories(work.resolve("smb-share"));
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.backends.plain { driver = localfs, nas_share_path = "%s" }
                remotefs.backends.smbnames {
                  driver = localfs
                  nas_share_path = "%s"
                  localfs_volume_file_names = extension
                  localfs_qcow2_volumes = true
                }
                """.formatted(share, smbShare), StandardCharsets.UTF_8);
        remotefs = new RemotefsProcess(work);
    }

    private Result run(String backend, String... command) {
        List<String> all = new ArrayList<>(List.of("--config", work.resolve("remotefs.conf").toString(),
                "--backend", backend, "--format", "json"));
        all.addAll(List.of(command));
        Result result = remotefs.run(all.toArray(String[]::new));
        return result;
    }

    private JsonNode ok(String backend, String... command) {
        Result result = run(backend, command);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdout().isBlank() ? null : result.stdoutJson();
    }

    private static Result qemu(Path directory, String... command) {
        return RemotefsProcess.exec(List.of(command), directory);
    }

    @ParameterizedTest
    @CsvSource({"vhd, vpc", "vhdx, vhdx"})
    void aVhdOrVhdxVolumeLivesItsWholeLifeUnderItsExtension(String format, String qemuFormat) throws IOException {
        JsonNode created = ok("plain", "volume", "create", "--size", "1", "--volume-format", format);
        String id = created.path("id").asText();
        Path file = share.resolve("volume-" + id + "." + format);
        assertThat(created.path("base_file").asText()).isEqualTo(file.getFileName().toString());
        assertThat(created.path("format").asText()).isEqualTo(format);
        assertThat(virtualSize(file, qemuFormat)).isEqualTo(1L << 30);
        Result written = qemu(work, "qemu-io", "-f", qemuFormat, "-c", "write -P 0x5a 512k 64k", file.toString());
        assertThat(written.exitCode()).as(written.toString()).isZero();

        ok("plain", "volume", "extend", id, "--size", "2");
        assertThat(virtualSize(file, qemuFormat)).isEqualTo(2L << 30);
        assertThat(pattern(file, qemuFormat)).isTrue();
        assertThat(ok("plain", "volume", "show", id).path("size").asInt()).isEqualTo(2);

        // a clone without --volume-format takes the format its source's name carries
        JsonNode clone = ok("plain", "volume", "create", "--source-volume", id);
        Path cloneFile = share.resolve(clone.path("base_file").asText());
        assertThat(cloneFile.getFileName().toString()).endsWith("." + format);
        assertThat(pattern(cloneFile, qemuFormat)).isTrue();
        assertThat(virtualSize(cloneFile, qemuFormat)).isEqualTo(2L << 30);

        JsonNode connection = ok("plain", "connection", "show", id);
        assertThat(connection.path("data").path("format").asText()).isEqualTo(format);
        assertThat(connection.path("data").path("name").asText()).isEqualTo(file.getFileName().toString());

        Map<String, String> before = listing(share);
        Result snapshot = run("plain", "snapshot", "create", id);
        assertThat(snapshot.exitCode()).isEqualTo(1);
        assertThat(snapshot.stderrJson().path("code").asText()).isEqualTo("INVALID_VOLUME");
        assertThat(listing(share)).isEqualTo(before);

        ok("plain", "volume", "delete", id);
        ok("plain", "volume", "delete", clone.path("id").asText());
        assertThat(listing(share)).doesNotContainKeys(file.getFileName().toString(), cloneFile.getFileName().toString())
                .allSatisfy((name, digest) -> assertThat(name).doesNotStartWith("volume-"));
    }

    @Test
    void aFormatTheNamesCannotTellApartOrNobodyKnowsIsRefusedAndNothingIsWritten() throws IOException {
        Map<String, String> before = listing(share);

        Result qcow2 = run("plain", "volume", "create", "--size", "1", "--volume-format", "qcow2");
        assertThat(qcow2.exitCode()).isEqualTo(1);
        assertThat(qcow2.stderrJson().path("code").asText()).isEqualTo("UNSUPPORTED");
        Result vmdk = run("plain", "volume", "create", "--size", "1", "--volume-format", "vmdk");
        assertThat(vmdk.exitCode()).isEqualTo(1);
        assertThat(vmdk.stderrJson().path("code").asText()).isEqualTo("INVALID_INPUT");

        assertThat(listing(share)).isEqualTo(before);
    }

    @Test
    void smbNamesCarryTheFormatOnTheBaseTheOverlaysAndTheInfoFile() throws IOException {
        String id = ok("smbnames", "volume", "create", "--size", "1").path("id").asText();
        String stem = "volume-" + id;
        String snapshot = ok("smbnames", "snapshot", "create", id).path("id").asText();
        String second = ok("smbnames", "snapshot", "create", id).path("id").asText();

        assertThat(listing(smbShare)).containsKeys(stem + ".qcow2", stem + "." + snapshot + ".qcow2",
                stem + "." + second + ".qcow2", stem + ".qcow2.info");
        JsonNode shown = ok("smbnames", "volume", "show", id);
        assertThat(shown.path("base_file").asText()).isEqualTo(stem + ".qcow2");
        assertThat(shown.path("active").asText()).isEqualTo(stem + "." + second + ".qcow2");

        // a raw volume beside it is told apart by its name alone
        JsonNode raw = ok("smbnames", "volume", "create", "--size", "1", "--volume-format", "raw");
        assertThat(raw.path("base_file").asText()).endsWith(".raw");
        assertThat(raw.path("format").asText()).isEqualTo("raw");

        JsonNode copy = ok("smbnames", "volume", "create", "--snapshot", snapshot);
        assertThat(copy.path("base_file").asText()).endsWith(".qcow2");
        ok("smbnames", "snapshot", "delete", snapshot);
        ok("smbnames", "volume", "extend", id, "--size", "2");
        ok("smbnames", "volume", "delete", id, "--cascade");

        assertThat(listing(smbShare).keySet()).noneMatch(name -> name.startsWith(stem));
    }

    private long virtualSize(Path file, String qemuFormat) {
        Result info = qemu(work, "qemu-img", "info", "-f", qemuFormat, "--output=json", file.toString());
        assertThat(info.exitCode()).as(info.toString()).isZero();
        return info.stdoutJson().path("virtual-size").asLong();
    }

    private boolean pattern(Path file, String qemuFormat) {
        return qemu(work, "qemu-io", "-f", qemuFormat, "-r", "-c", "read -P 0x5a 512k 64k", file.toString())
                .stdout().contains("read 65536/65536");
    }

    /** Every file of the share with its size and modification time: what "nothing changed" compares. */
    private static Map<String, String> listing(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                files.put(entry.getFileName().toString(), Files.size(entry) + "@" + Files.getLastModifiedTime(entry));
            }
        }
        return files;
    }
}
