package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.core.compute.NovaComputeAssist;
import org.remotefs.core.compute.SnapshotStatusBoard;
import org.remotefs.core.compute.SnapshotStatusEndpoint;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.json.Json;
import org.remotefs.testing.FakeNova;

import com.typesafe.config.ConfigUtil;

/**
 * Snapshots of an attached volume with Nova's help, over HTTP on loopback: the driver calls a Nova
 * stand-in, which changes the files as libvirt would and reports back to the status endpoint.
 * The info file goes through Cinder's exact transitions, and every snapshot keeps its data.
 */
final class LocalFsOnlineSnapshotIT {
    @TempDir
    Path share;

    private SnapshotStatusEndpoint endpoint;
    private FakeNova nova;
    private VolumeDriver driver;
    private Volume volume;

    @BeforeEach
    void start() throws Exception {
        SnapshotStatusBoard board = new SnapshotStatusBoard();
        endpoint = new SnapshotStatusEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), board);
        nova = new FakeNova(share).withStatusEndpoint(endpoint.uri()).start();
        NovaComputeAssist assist = new NovaComputeAssist(HttpClient.newHttpClient(), nova.endpoint(), FakeNova.TOKEN,
                Json.mapper(), board, Duration.ofSeconds(30));
        LocalFsDriverProvider provider = new LocalFsDriverProvider();
        String text = "remotefs.backends.t { driver = localfs, nas_share_path = " + ConfigUtil.quoteString(share.toString())
                + " }";
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader());
        var settings = new SettingsReader().read("t", configuration.settingsBlock("t", "localfs"), provider.options());
        driver = provider.create(DriverContext.of(settings).withComputeAssist(assist));
        Volume created = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(created);
        volume = created.withProviderLocation(update.providerLocation()).withFormat("raw").withStatus(VolumeStatus.IN_USE)
                .withAttachStatus(AttachStatus.ATTACHED);
        nova.attach(volume.id(), volume.name());
    }

    @AfterEach
    void stop() {
        nova.close();
        endpoint.close();
    }

    private String name(String snapshotId) {
        return volume.name() + "." + snapshotId;
    }

    /** The guest writes: into whatever file Nova has it on. */
    private void guestWrites(int pattern, int mib) {
        String file = nova.activeFile(volume.id());
        QemuIo.write(share.resolve(file), file.equals(volume.name()) ? "raw" : "qcow2", pattern, mib);
    }

    private Map<String, String> info() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, String> map = Json.mapper().readValue(share.resolve(volume.name() + ".info").toFile(), LinkedHashMap.class);
        return map;
    }

    private String infoText() throws Exception {
        return Files.readString(share.resolve(volume.name() + ".info"), StandardCharsets.US_ASCII);
    }

    private String snapshotData(String snapshotId, int... expected) throws Exception {
        Path created = share.resolve(info().get(snapshotId));
        var image = LocalFsFixture.qemuImgInfo(created);
        String backing = image.get("backing-filename").asText();
        return QemuIo.mismatch(share.resolve(backing), image.path("backing-filename-format").asText("raw"), expected);
    }

    private String currentData(int... expected) throws Exception {
        String active = info().get("active");
        return QemuIo.mismatch(share.resolve(active), active.equals(volume.name()) ? "raw" : "qcow2", expected);
    }

    @Test
    void createsWithNovaThenDeletesThroughEveryOnlineTransition() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            guestWrites(0x10 * k, 0);
            guestWrites(0x10 * k, k);
            String id = UUID.randomUUID().toString();
            driver.createSnapshot(new Snapshot(id, volume, SnapshotStatus.CREATING, null, null));
            ids.add(id);
            assertThat(nova.activeFile(volume.id())).isEqualTo(name(id));
        }
        guestWrites(0x99, 0);
        assertThat(nova.creates()).hasSize(3);
        assertThat(Json.mapper().convertValue(nova.creates().get(0).path("create_info"), Map.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of("snapshot_id", ids.get(0), "type", "qcow2",
                        "new_file", name(ids.get(0))));
        assertThat(info()).containsExactlyInAnyOrderEntriesOf(Map.of("active", name(ids.get(2)),
                ids.get(0), name(ids.get(0)), ids.get(1), name(ids.get(1)), ids.get(2), name(ids.get(2))));

        // 1. the active snapshot, with a snapshot below: Nova pulls the base into the active file,
        //    whose name the lower snapshot now maps to
        driver.deleteSnapshot(new Snapshot(ids.get(2), volume, SnapshotStatus.DELETING, null, null));
        assertThat(Json.mapper().convertValue(nova.deletes().get(0), Map.class)).isEqualTo(mapOf(
                "file_to_merge", name(ids.get(0)), "merge_target_file", null, "type", "qcow2", "volume_id", volume.id()));
        assertThat(infoText()).isEqualTo(PythonJson.dumps(Map.of("active", name(ids.get(2)), ids.get(0), name(ids.get(0)),
                ids.get(1), name(ids.get(2)))));
        assertThat(share.resolve(name(ids.get(1)))).doesNotExist();
        assertThat(currentData(0x99, 0x10, 0x20, 0x30)).isNull();
        assertThat(snapshotData(ids.get(1), 0x20, 0x10, 0x20, 0)).isNull();
        assertThat(snapshotData(ids.get(0), 0x10, 0x10, 0, 0)).isNull();

        // 2. a snapshot below the active one: Nova commits it into its base
        driver.deleteSnapshot(new Snapshot(ids.get(0), volume, SnapshotStatus.DELETING, null, null));
        assertThat(Json.mapper().convertValue(nova.deletes().get(1), Map.class)).isEqualTo(mapOf(
                "file_to_merge", name(ids.get(0)), "merge_target_file", volume.name(), "type", "qcow2",
                "volume_id", volume.id()));
        assertThat(infoText()).isEqualTo(PythonJson.dumps(Map.of("active", name(ids.get(2)), ids.get(1), name(ids.get(2)))));
        assertThat(share.resolve(name(ids.get(0)))).doesNotExist();
        assertThat(currentData(0x99, 0x10, 0x20, 0x30)).isNull();
        assertThat(snapshotData(ids.get(1), 0x20, 0x10, 0x20, 0)).isNull();

        // 3. the last snapshot, whose base is the volume's own file: Nova flattens the active file
        //    and the base file goes; the volume lives on in the overlay
        driver.deleteSnapshot(new Snapshot(ids.get(1), volume, SnapshotStatus.DELETING, null, null));
        assertThat(Json.mapper().convertValue(nova.deletes().get(2), Map.class)).isEqualTo(mapOf(
                "file_to_merge", null, "merge_target_file", null, "type", "qcow2", "volume_id", volume.id()));
        assertThat(infoText()).isEqualTo(PythonJson.dumps(Map.of("active", name(ids.get(2)))));
        assertThat(share.resolve(volume.name())).doesNotExist();
        assertThat(currentData(0x99, 0x10, 0x20, 0x30)).isNull();
        assertThat(driver.findVolume(volume.id())).hasValueSatisfying(found -> {
            assertThat(found.activeFile()).isEqualTo(name(ids.get(2)));
            assertThat(found.snapshotIds()).isEmpty();
        });

        driver.deleteVolume(volume);
        try (var files = Files.list(share)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".cinderSecureEnvIndicator");
        }
    }

    @Test
    void novaReportingAnErrorFailsTheCreateAndLeavesTheInfoFileAlone() throws Exception {
        String first = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(first, volume, SnapshotStatus.CREATING, null, null));
        String before = infoText();
        nova.failCreatesWith("error");

        assertThatThrownBy(() -> driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume,
                SnapshotStatus.CREATING, null, null)))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.COMPUTE_SERVICE_ERROR));
        assertThat(infoText()).isEqualTo(before);
    }

    @Test
    void novaFromConfigurationTakesSnapshotsOfAttachedVolumes() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path configured = Files.createDirectories(share.resolve("configured"));
        try (FakeNova configuredNova = new FakeNova(configured)
                .withStatusEndpoint(java.net.URI.create("http://127.0.0.1:" + port + "/v3/")).start();
             var registry = org.remotefs.core.registry.DriverRegistry.discover(getClass().getClassLoader())) {
            String text = "remotefs.compute { type = nova, nova_endpoint = \"" + configuredNova.endpoint()
                    + "\", nova_token = " + FakeNova.TOKEN + ", status_listen_port = " + port + " }\n"
                    + "remotefs.backends.t { driver = localfs, nas_share_path = "
                    + ConfigUtil.quoteString(configured.toString()) + " }";
            VolumeDriver fromConfig = registry.create(
                    RemoteFsConfiguration.parse(text, "test", getClass().getClassLoader()), "t");
            Volume created = Volume.create(UUID.randomUUID().toString(), 1);
            fromConfig.createVolume(created);
            Volume attached = created.withProviderLocation(configured.toString()).withStatus(VolumeStatus.IN_USE)
                    .withAttachStatus(AttachStatus.ATTACHED);
            configuredNova.attach(attached.id(), attached.name());
            String id = UUID.randomUUID().toString();

            fromConfig.createSnapshot(new Snapshot(id, attached, SnapshotStatus.CREATING, null, null));

            assertThat(configuredNova.creates()).hasSize(1);
            assertThat(configuredNova.activeFile(attached.id())).isEqualTo(attached.name() + "." + id);
        }
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
