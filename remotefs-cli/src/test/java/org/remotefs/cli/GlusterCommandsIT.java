package org.remotefs.cli;

import static org.remotefs.cli.TestFiles.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.tck.BackendConfig;
import org.remotefs.testing.GlusterServer;
import org.remotefs.testing.GlusterVolume;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;

/**
 * The command line with the glusterfs driver in its jar: its options and their defaults, and
 * {@code backends --remount} against a real glusterd, with a share in use, beside a localfs backend
 * whose shares are no mounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class GlusterCommandsIT {
    private Path work;
    private GlusterServer server;
    private GlusterVolume volume;
    private RemotefsProcess remotefs;

    @BeforeAll
    void serve() throws IOException {
        work = Files.createTempDirectory("remotefs-cli-gluster-").toRealPath();
        remotefs = new RemotefsProcess(work);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        RemotefsProcess.exec(java.util.List.of("rm", "-rf", work.toString()), Path.of("/"));
    }

    private JsonNode json(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        Result result = remotefs.run(all);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.stdoutJson();
    }

    @Test
    void driversListsGlusterfsWithCindersOptionsAndTheirDefaults() {
        JsonNode glusterfs = stream(json("drivers")).filter(d -> d.path("id").asText().equals("glusterfs")).findFirst()
                .orElseThrow(() -> new AssertionError("no glusterfs driver in the jar"));

        assertThat(glusterfs.path("version").asText()).isEqualTo("1.3.0");
        assertThat(stream(glusterfs.path("capabilities")).map(JsonNode::asText)).contains("qcow2", "thick", "snapshots")
                .doesNotContain("thin");
        JsonNode options = glusterfs.path("options");
        assertThat(defaultOf(options, "glusterfs_shares_config")).isEqualTo("/etc/cinder/glusterfs_shares");
        assertThat(defaultOf(options, "glusterfs_mount_point_base")).isEqualTo("/var/lib/cinder/mnt");
        assertThat(defaultOf(options, "nas_volume_prov_type")).isEqualTo("thin");
        assertThat(defaultOf(options, "volume_backend_name")).isEqualTo("GlusterFS");
        assertThat(defaultOf(options, "reserved_percentage")).isEqualTo("0");
        assertThat(stream(options).map(o -> o.path("key").asText()))
                .contains("nas_host", "nas_share_path", "nas_mount_options", "nas_secure_file_operations",
                        "nas_secure_file_permissions", "max_over_subscription_ratio")
                .doesNotContain("glusterfs_sparsed_volumes", "glusterfs_qcow2_volumes");
        assertThat(stream(options).filter(o -> o.path("key").asText().equals("nas_mount_options")).findFirst()
                .orElseThrow().path("default").isNull()).isTrue();
    }

    private static String defaultOf(JsonNode options, String key) {
        return stream(options).filter(o -> o.path("key").asText().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no option " + key)).path("default").asText();
    }

    @Test
    void backendsRemountMountsAgainReportsAShareInUseAndABackendWithoutMounts() throws Exception {
        server = new GlusterServer().withWorkDirectory(work.resolve("glusterd")).start();
        volume = server.createVolume("cli", "256M");
        Path base = work.resolve("mnt");
        Path shares = Files.writeString(work.resolve("glusterfs_shares"), volume.share() + "\n");
        Config gold = BackendConfig.of("gold").driver("glusterfs").option("glusterfs_shares_config", shares)
                .option("glusterfs_mount_point_base", base).toConfig();
        Config local = BackendConfig.of("local").driver("localfs").option("nas_share_path", work.resolve("local"))
                .toConfig();
        Files.writeString(work.resolve("remotefs.conf"), gold.withFallback(local).root()
                .render(ConfigRenderOptions.concise().setJson(false).setFormatted(true)), StandardCharsets.UTF_8);

        JsonNode first = json("--config", "remotefs.conf", "backends", "--remount");
        JsonNode share = backend(first, "gold").path("shares").get(0);
        assertThat(share.path("remounted").asBoolean()).as("%s", share).isTrue();
        assertThat(share.path("mounted").asBoolean()).isTrue();
        Path mountPoint = Path.of(share.path("mount_point").asText());
        long client = server.clientPid(mountPoint);
        assertThat(backend(first, "local").path("error").path("code").asText()).isEqualTo("UNSUPPORTED");

        JsonNode again;
        try (FileChannel open = FileChannel.open(mountPoint.resolve(".busy-" + UUID.randomUUID()),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
            again = json("--config", "remotefs.conf", "backends", "--remount");
        }
        JsonNode busy = backend(again, "gold").path("shares").get(0);
        assertThat(busy.path("remounted").asBoolean()).isFalse();
        assertThat(busy.path("mounted").asBoolean()).isTrue();
        assertThat(busy.path("error").path("code").asText()).isEqualTo("SHARE_IO_ERROR");
        assertThat(busy.path("error").path("details").path("share").asText()).isEqualTo(volume.share());
        assertThat(server.clientPid(mountPoint)).as("left mounted").isEqualTo(client);

        JsonNode third = json("--config", "remotefs.conf", "backends", "--remount");
        assertThat(backend(third, "gold").path("shares").get(0).path("remounted").asBoolean()).isTrue();
        assertThat(server.clientPid(mountPoint)).as("mounted again").isNotEqualTo(client);
    }

    private static JsonNode backend(JsonNode backends, String name) {
        return stream(backends).filter(b -> b.path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no backend " + name + " in " + backends));
    }
}
