package org.remotefs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.remotefs.cli.TestFiles.fieldNames;
import static org.remotefs.cli.TestFiles.stream;
import static org.remotefs.cli.TestFiles.texts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.cli.RemotefsProcess.Result;
import org.remotefs.core.json.Json;
import org.remotefs.core.lock.FileLockService;
import org.remotefs.core.lock.HostIdentity;
import org.remotefs.zookeeper.ZooKeeperLockServiceProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code remotefs} commands with ZooKeeper locks ({@code remotefs.coordination.backend_url =
 * "zookeeper://..."}, a Curator TestingServer in this JVM on loopback), each a separate process of
 * the shaded jar: several processes creating, deleting and cloning snapshots of one volume at once
 * leave an exact chain and info file; {@code remotefs locks} lists holders and waiters of ZooKeeper
 * and file locks; {@code remotefs bench --coordination} times a ZooKeeper lock; a ZooKeeper that is
 * down is one clear error.
 */
class ZooKeeperLocksIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tempDir;

    private TestingServer server;
    private Path work;
    private Path share;
    private String url;
    private RemotefsProcess remotefs;
    private List<String> global;

    @BeforeEach
    void setUp() throws Exception {
        server = new TestingServer(true);
        work = tempDir.toRealPath();
        share = work.resolve("share");
        url = "zookeeper://" + server.getConnectString() + "?timeout=5";
        configure(url, 120);
        remotefs = new RemotefsProcess(work);
    }

    @AfterEach
    void tearDown() throws IOException {
        server.close();
    }

    private void configure(String coordination, int lockTimeout) throws IOException {
        Files.writeString(work.resolve("remotefs.conf"), """
                remotefs.coordination.backend_url = "%s"
                remotefs.backends.gold { driver = localfs, nas_share_path = "%s", lock_timeout = %d }
                """.formatted(coordination, share, lockTimeout), StandardCharsets.UTF_8);
        global = List.of("--config", work.resolve("remotefs.conf").toString());
    }

    // ------------------------------------------------------------------ processes at once

    /**
     * Rounds of processes at once on one volume: snapshot creates and clones, then creates, deletes
     * and clones mixed, then deletes. After every round the info file names exactly the snapshots
     * the processes reported, the chain is exactly those files, every clone is whole, nothing is
     * left over.
     */
    @Test
    void processesCreatingDeletingAndCloningSnapshotsOfOneVolumeAtOnceSerialiseOnZooKeeper() throws Exception {
        String id = json("volume", "create", "--size", "1").path("id").asText();
        List<String> snapshots = new ArrayList<>();
        List<String> clones = new ArrayList<>();

        List<String[]> first = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(new String[] {"snapshot", "create", id, "--id", UUID.randomUUID().toString()});
        }
        first.add(new String[] {"volume", "create", "--source-volume", id});
        first.add(new String[] {"volume", "create", "--source-volume", id});
        record(concurrently(first), snapshots, clones);
        assertConsistent(id, snapshots, clones, "after creates and clones at once");

        List<String[]> mixed = new ArrayList<>();
        mixed.add(new String[] {"snapshot", "delete", snapshots.get(0)});
        mixed.add(new String[] {"snapshot", "delete", snapshots.get(2)});
        mixed.add(new String[] {"snapshot", "create", id, "--id", UUID.randomUUID().toString()});
        mixed.add(new String[] {"snapshot", "create", id, "--id", UUID.randomUUID().toString()});
        mixed.add(new String[] {"volume", "create", "--source-volume", id});
        snapshots.remove(2);
        snapshots.remove(0);
        record(concurrently(mixed), snapshots, clones);
        assertConsistent(id, snapshots, clones, "after deletes, creates and a clone at once");

        record(concurrently(snapshots.stream().map(s -> new String[] {"snapshot", "delete", s}).toList()),
                snapshots, clones);
        snapshots.clear();
        assertConsistent(id, snapshots, clones, "after deleting every snapshot at once");
        String base = "volume-" + id;
        assertThat(Files.readString(share.resolve(base + ".info"))).isEqualTo("{\n \"active\": \"" + base + "\"\n}");
    }

    /** Adds what the successful runs reported: a created snapshot's id, a clone's id. */
    private static void record(List<Result> results, List<String> snapshots, List<String> clones) {
        for (Result result : results) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            JsonNode reported = result.stdoutJson();
            if (result.commandLine().contains(" snapshot create ")) {
                snapshots.add(reported.path("id").asText());
            } else if (result.commandLine().contains("--source-volume")) {
                clones.add(reported.path("id").asText());
            }
        }
    }

    private void assertConsistent(String id, List<String> snapshots, List<String> clones, String context)
            throws IOException {
        String base = "volume-" + id;
        JsonNode info = MAPPER.readTree(Files.readAllBytes(share.resolve(base + ".info")));
        assertThat(fieldNames(info)).as("info file %s: %s", context, info)
                .containsExactlyInAnyOrderElementsOf(concat(snapshots, "active"));
        assertThat(texts(json("volume", "show", id).path("snapshots"))).as("snapshots %s", context)
                .containsExactlyInAnyOrderElementsOf(snapshots);
        // the chain from the active file down is exactly the info file's files, then the base
        String active = info.path("active").asText();
        Result chainInfo = RemotefsProcess.exec(List.of("qemu-img", "info", "--backing-chain", "--output=json",
                share.resolve(active).toString()), work);
        assertThat(chainInfo.exitCode()).as(chainInfo.toString()).isZero();
        List<String> chain = stream(chainInfo.stdoutJson())
                .map(link -> Path.of(link.path("filename").asText()).getFileName().toString()).toList();
        Set<String> recorded = new HashSet<>();
        snapshots.forEach(s -> recorded.add(info.path(s).asText()));
        assertThat(chain.get(0)).as("chain %s", context).isEqualTo(active);
        assertThat(chain.get(chain.size() - 1)).isEqualTo(base);
        assertThat(chain.subList(0, chain.size() - 1)).as("chain %s", context).containsExactlyInAnyOrderElementsOf(recorded);
        for (String clone : clones) {
            JsonNode shown = json("volume", "show", clone);
            assertThat(shown.path("snapshots")).as("clone %s %s", clone, context).isEmpty();
            assertThat(shown.path("size").asInt()).isEqualTo(1);
        }
        List<String> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(share)) {
            entries.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertThat(files).as("files %s", context).noneMatch(name -> name.contains(".tmp") || name.contains("tmp-snap"));
        assertThat(files).filteredOn(name -> name.startsWith(base)).as("files of %s %s", id, context)
                .containsExactlyInAnyOrderElementsOf(concat(new ArrayList<>(recorded), base, base + ".info"));
    }

    // ------------------------------------------------------------------ remotefs locks

    @Test
    void locksListsTheZooKeeperHolderAndAWaitingCommandWithTheirMemberIds() throws Exception {
        String id = json("volume", "create", "--size", "1").path("id").asText();
        String name = "cinder-localfs-" + id;
        try (VolumeLockService zookeeper = zooKeeperLocks(url)) {
            RemotefsProcess.Running waiting;
            try (VolumeLockService.Lease held = zookeeper.acquire(name, "test", Duration.ZERO)) {
                waiting = remotefs.start(Map.of(), concat(global, "snapshot", "create", id, "--format", "json")
                        .toArray(String[]::new));
                JsonNode listed = awaitContenders(2);
                assertThat(listed.path("service").asText()).isEqualTo(url);
                JsonNode holder = listed.path("locks").get(0);
                JsonNode waiter = listed.path("locks").get(1);
                assertThat(holder.path("lock").asText()).isEqualTo(name);
                assertThat(holder.path("state").asText()).isEqualTo("held");
                assertThat(holder.path("member_id").asText()).isEqualTo(
                        "remotefs:" + HostIdentity.current().host() + ":" + ProcessHandle.current().pid());
                assertThat(holder.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
                assertThat(holder.path("since").asText()).isNotBlank();
                assertThat(waiter.path("state").asText()).isEqualTo("waiting");
                assertThat(waiter.path("pid").asLong()).isEqualTo(waiting.process().pid());
                assertThat(waiter.path("member_id").asText()).endsWith(":" + waiting.process().pid());

                Result table = remotefs.run(concat(global, "locks").toArray(String[]::new));
                assertThat(table.exitCode()).as(table.toString()).isZero();
                assertThat(table.stdout()).contains("LOCK", "STATE", "MEMBER_ID", "HOST", "PID", "SINCE", name, "held",
                        "waiting");
            }
            Result created = waiting.finish();
            assertThat(created.exitCode()).as(created.toString()).isZero();
        }
        assertThat(json("locks").path("locks")).isEmpty();
    }

    @Test
    void locksListsAFileLockWithItsHoldersRecord() throws Exception {
        Path directory = Files.createDirectories(work.resolve("locks"));
        String name = "cinder-localfs-" + UUID.randomUUID();
        FileLockService files = new FileLockService(directory, StopSignal.never(), Json.mapper(), HostIdentity.current(),
                Clock.systemUTC());
        try (VolumeLockService.Lease held = files.acquire(name, "delete_snapshot", Duration.ZERO)) {
            JsonNode listed = json("locks", "--coordination", "file://" + directory);
            assertThat(listed.path("service").asText()).isEqualTo(directory.toString());
            assertThat(listed.path("locks")).singleElement().satisfies(lock -> {
                assertThat(lock.path("lock").asText()).isEqualTo(name);
                assertThat(lock.path("state").asText()).isEqualTo("held");
                assertThat(lock.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
                assertThat(lock.path("operation").asText()).isEqualTo("delete_snapshot");
                assertThat(lock.path("member_id").isNull()).isTrue();
            });
        }
        assertThat(json("locks", "--coordination", "file://" + directory).path("locks")).isEmpty();
    }

    // ------------------------------------------------------------------ bench, errors, the jar

    @Test
    void benchTimesAZooKeeperLockBesideTheDefaultFileLock() throws Exception {
        JsonNode bench = json("bench", "--runs", "1", "--coordination", url);
        List<String> names = stream(bench.path("operations")).map(o -> o.path("name").asText()).toList();
        assertThat(names).contains("lock_default_file", "lock_inprocess", "lock_zookeeper");
        JsonNode zookeeper = stream(bench.path("operations")).filter(o -> o.path("name").asText().equals("lock_zookeeper"))
                .findFirst().orElseThrow();
        assertThat(zookeeper.path("samples").asInt()).isEqualTo(1);
        assertThat(zookeeper.path("median_ms").asDouble()).isPositive();
    }

    @Test
    void aZooKeeperThatIsDownIsOneClearErrorNamingTheUrl() throws Exception {
        String id = json("volume", "create", "--size", "1").path("id").asText();
        int port = server.getPort();
        server.stop();
        String down = "zookeeper://127.0.0.1:" + port + "?timeout=1";
        configure(down, 600);

        Result result = remotefs.run(concat(global, "snapshot", "create", id, "--format", "json").toArray(String[]::new));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        JsonNode error = result.stderrJson();
        assertThat(error.path("code").asText()).isEqualTo("CONCURRENT_REQUEST");
        assertThat(error.path("details").path("coordination_url").asText()).isEqualTo(down);
        assertThat(error.path("details").path("reason").asText()).isEqualTo("unreachable");
        assertThat(error.has("warnings")).as("ZooKeeper's own complaints stay out: %s", result).isFalse();
        assertThat(json("volume", "show", id).path("snapshots")).isEmpty();
    }

    @Test
    void theCommandsJarHoldsZooKeepersClientButNoTestingServer() throws IOException {
        try (JarFile jar = new JarFile(RemotefsProcess.jar().toFile())) {
            assertThat(jar.getEntry("org/remotefs/zookeeper/ZooKeeperLockServiceProvider.class")).isNotNull();
            assertThat(jar.getEntry("org/apache/curator/framework/CuratorFramework.class")).isNotNull();
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/apache/curator/test/")))
                    .as("curator-test's servers").isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static VolumeLockService zooKeeperLocks(String url) {
        return new ZooKeeperLockServiceProvider().create(new HostServiceSettings("remotefs.coordination",
                Map.of("backend_url", url), Map.of(), StopSignal.never()));
    }

    private JsonNode awaitContenders(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode listed = json("locks");
            if (listed.path("locks").size() >= count) {
                return listed;
            }
            assertThat(System.nanoTime()).as("%s contenders within 60 s: %s", count, listed).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private JsonNode json(String... args) {
        Result result = remotefs.run(concat(global, withJson(args)).toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).as("stderr of %s", result).isEmpty();
        return result.stdoutJson();
    }

    private List<Result> concurrently(List<String[]> commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(commands.size());
        try {
            CyclicBarrier start = new CyclicBarrier(commands.size());
            List<CompletableFuture<Result>> running = new ArrayList<>();
            for (String[] command : commands) {
                running.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the processes could not start together", e);
                    }
                    return remotefs.run(concat(global, withJson(command)).toArray(String[]::new));
                }, pool));
            }
            List<Result> results = new ArrayList<>();
            for (CompletableFuture<Result> future : running) {
                results.add(future.get(5, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String[] withJson(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--format";
        all[args.length + 1] = "json";
        return all;
    }

    private static List<String> concat(List<String> first, String... more) {
        return Stream.concat(first.stream(), Arrays.stream(more)).toList();
    }
}
