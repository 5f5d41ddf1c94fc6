package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.remotefs.testing.PythonCinder;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.json.Json;
import org.remotefs.core.registry.DriverRegistry;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.CinderJson;
import org.remotefs.tck.QemuTools;
import org.remotefs.testing.RecordingMount;
import org.remotefs.testing.TmpfsShare;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigUtil;

/**
 * The real thing: Cinder's Python NFS driver (Debian's python3-cinder, {@code [coordination]
 * backend_url} at a ZooKeeper) and remotefs's NFS backend ({@code remotefs.coordination.backend_url}
 * at the same ZooKeeper), both on one stand-in share, taking and deleting snapshots of one volume
 * at the same time. Cinder's snapshot methods are {@code @coordination.synchronized} on
 * {@code cinder-nfs-<volume id>}, the lock remotefs takes: the chain and the info file stay whole,
 * and every snapshot either side reported is recorded.
 */
final class CinderZooKeeperInteropIT {
    private static final String SHARE = "127.0.0.1:/export";

    @TempDir
    Path dir;

    private TestingServer zookeeper;
    private TmpfsShare standIn;
    private PythonCinder cinder;
    private DriverRegistry registry;
    private VolumeDriver remotefs;

    @BeforeEach
    void start() throws Exception {
        Path base = Files.createDirectories(dir.resolve("mnt"));
        standIn = new TmpfsShare(SHARE).withMountPoint(MountPoints.under(base, SHARE)).withSize("3G").start();
        zookeeper = new TestingServer(true);
        String url = "zookeeper://" + zookeeper.getConnectString();
        cinder = new PythonCinder(dir, base, SHARE).withBackendUrl(url);
        RecordingMount fake = new RecordingMount(dir).withProgram("mount.nfs").withFilesystemType("nfs4").start();
        Path shares = Files.writeString(dir.resolve("nfs_shares"), SHARE + "\n");
        String text = "remotefs.coordination.backend_url = " + ConfigUtil.quoteString(url) + "\n"
                + "remotefs.backends.nfs1 { driver = nfs\n"
                + "nfs_shares_config = " + ConfigUtil.quoteString(shares.toString()) + "\n"
                + "nfs_mount_point_base = " + ConfigUtil.quoteString(base.toString()) + "\n"
                + "nfs_snapshot_support = true\nnas_secure_file_operations = false\nnas_secure_file_permissions = false\n"
                + "root_helper = " + ConfigUtil.quoteString(fake.rootHelper()) + "\n}";
        ClassLoader loader = getClass().getClassLoader();
        registry = DriverRegistry.discover(loader);
        remotefs = registry.create(RemoteFsConfiguration.parse(text, "test", loader), "nfs1");
    }

    @AfterEach
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    void pythonCinderAndRemotefsTakeAndDeleteSnapshotsOfOneVolumeAtOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        remotefs.createVolume(Volume.create(id, 1));
        Volume volume = Volume.create(id, 1).withProviderLocation(SHARE).withStatus(VolumeStatus.AVAILABLE)
                .withFormat("raw");
        Set<String> expected = new TreeSet<>();

        // Cinder's processes and remotefs's snapshot creates at the same time, remotefs's going on
        // for as long as Cinder's run
        List<String> cinders = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        List<String> ours = together(cinders.stream().map(s -> new String[] {"create-snapshot", "--volume-id", id,
                "--id", s}).toList(), () -> {
            String s = UUID.randomUUID().toString();
            remotefs.createSnapshot(new Snapshot(s, volume, SnapshotStatus.CREATING, null, null));
            return s;
        });
        expected.addAll(cinders);
        expected.addAll(ours);
        assertWhole(id, expected, "after creates by both at once");
        assertThat(ours).as("snapshots remotefs took meanwhile").isNotEmpty();

        // deletes by both at once: Cinder deletes two of ours, remotefs the Cinder ones one after another
        List<String> cinderDeletes = ours.subList(0, Math.min(2, ours.size()));
        List<String> ourDeletes = new ArrayList<>(cinders);
        together(cinderDeletes.stream().map(s -> new String[] {"delete-snapshot", "--volume-id", id, "--id", s}).toList(),
                () -> {
                    synchronized (ourDeletes) {
                        if (ourDeletes.isEmpty()) {
                            return null;
                        }
                        String s = ourDeletes.remove(0);
                        remotefs.deleteSnapshot(new Snapshot(s, volume, SnapshotStatus.DELETING, null, null));
                        return s;
                    }
                });
        for (String left : ourDeletes) {
            remotefs.deleteSnapshot(new Snapshot(left, volume, SnapshotStatus.DELETING, null, null));
        }
        expected.removeAll(cinderDeletes);
        expected.removeAll(cinders);
        assertWhole(id, expected, "after deletes by both at once");
    }

    /**
     * Runs Cinder's commands, each its own process, all at once; meanwhile repeats {@code ours}
     * (which returns null when it has nothing more to do) until they have all ended. Every Cinder
     * command must succeed. Returns what {@code ours} returned.
     */
    private List<String> together(List<String[]> commands, java.util.concurrent.Callable<String> ours) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(commands.size());
        try {
            List<CompletableFuture<JsonNode>> running = new ArrayList<>();
            for (String[] command : commands) {
                running.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return cinder.attempt(command);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, pool));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
            List<String> done = new ArrayList<>();
            AtomicBoolean more = new AtomicBoolean(true);
            while (!all.isDone() && more.get() && done.size() < 20) {
                String result = ours.call();
                if (result == null) {
                    more.set(false);
                } else {
                    done.add(result);
                }
                Thread.sleep(100);
            }
            all.get(5, TimeUnit.MINUTES);
            for (CompletableFuture<JsonNode> finished : running) {
                JsonNode answer = finished.get();
                assertThat(answer.path("ok").asBoolean()).as("Cinder's answer: %s", answer.toPrettyString()).isTrue();
            }
            return done;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The info file names exactly the snapshots, in Cinder's bytes; the chain is exactly their files. */
    @SuppressWarnings("unchecked")
    private void assertWhole(String id, Set<String> snapshots, String context) throws Exception {
        Path share = standIn.mountPoint();
        String base = "volume-" + id;
        String text = Files.readString(share.resolve(base + ".info"), StandardCharsets.US_ASCII);
        Map<String, String> info = Json.mapper().readValue(text, LinkedHashMap.class);
        assertThat(info.keySet()).as("info file %s: %s", context, text).containsExactlyInAnyOrderElementsOf(
                concat(snapshots, "active"));
        assertThat(text).as("Cinder's bytes").isEqualTo(CinderJson.infoFile(info));
        Set<String> files = new TreeSet<>();
        snapshots.forEach(s -> files.add(info.get(s)));
        List<String> chain = new ArrayList<>();
        for (String file = info.get("active"); file != null; ) {
            chain.add(file);
            JsonNode image = QemuTools.info(share.resolve(file), file.equals(base) ? "raw" : "qcow2");
            String backing = image.path("backing-filename").asText(null);
            file = backing == null ? null : Path.of(backing).getFileName().toString();
            assertThat(chain).as("chain %s", context).hasSizeLessThanOrEqualTo(snapshots.size() + 1);
        }
        assertThat(chain.get(chain.size() - 1)).as("chain %s", context).isEqualTo(base);
        assertThat(chain.subList(0, chain.size() - 1)).as("chain %s", context).containsExactlyInAnyOrderElementsOf(files);
        assertThat(remotefs.findVolume(id).orElseThrow().snapshotIds()).as("snapshots %s", context)
                .containsExactlyInAnyOrderElementsOf(snapshots);
        try (var listed = Files.list(share)) {
            assertThat(listed.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(base)))
                    .as("files %s", context).containsExactlyInAnyOrderElementsOf(concat(files, base, base + ".info"));
        }
    }

    private static List<String> concat(Set<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
