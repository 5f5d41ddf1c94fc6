package org.remotefs.core.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.CountingCommandRunner;
import org.remotefs.core.exec.ExecCommandRunner;
import org.remotefs.core.exec.RootHelper;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.localfs.LocalFsDriverProvider;
import org.remotefs.core.lock.FileLockService;
import org.remotefs.core.lock.HostIdentity;
import org.remotefs.core.lock.InProcessLockService;
import org.remotefs.core.lock.LockDirectory;

import com.typesafe.config.ConfigUtil;

/**
 * Times the driver's operations in one process on {@code localfs} with 1 GiB raw volumes, and
 * counts the child processes each starts. {@code extend_volume} grows a volume with snapshots (its
 * active image a qcow2 overlay), {@code extend_volume_raw} one without (a raw file). Every run
 * builds one volume with three snapshots and takes it apart again; a second volume with 20 snapshots is walked; a volume lock is taken and
 * released on the default file locks and on in-process locks — and on any further lock service the
 * caller names (a coordination service: {@code remotefs bench --coordination URL}). The driver
 * takes the default file locks, as every configuration does.
 */
public final class DriverBenchmark {
    private static final List<String> NAMES = List.of("create_volume", "create_snapshot", "delete_snapshot_middle",
            "delete_snapshot_oldest", "delete_snapshot_last", "create_volume_from_snapshot", "create_cloned_volume",
            "extend_volume", "extend_volume_raw", "get_volume_stats", "initialize_connection", "chain_walk_20",
            "lock_default_file", "lock_inprocess");
    /** One lock name for the lock figures: lock files stay after use, so the bench leaves one, not one a run. */
    private static final String BENCH_LOCK = "cinder-localfs-bench";

    private final Map<String, List<Long>> nanos = new LinkedHashMap<>();
    private final Map<String, Long> processes = new LinkedHashMap<>();
    private CountingCommandRunner counter;

    /** Runs the benchmark {@code runs} times in a scratch directory under {@code parent}, removed afterwards. */
    public BenchmarkResult run(int runs, Path parent) throws IOException {
        return run(runs, parent, StopSignal.never());
    }

    /**
     * As {@link #run(int, Path)}; when {@code stop} is raised the driver stops, the scratch
     * directory is removed, and the run fails with {@code INTERRUPTED}.
     */
    public BenchmarkResult run(int runs, Path parent, StopSignal stop) throws IOException {
        return run(runs, parent, stop, Map.of());
    }

    /**
     * As {@link #run(int, Path, StopSignal)}, and times taking and releasing a volume lock once on
     * each of {@code otherLocks} as well, each reported under its key ({@code lock_zookeeper}) after
     * the default file lock's figure. The caller owns those services.
     */
    public BenchmarkResult run(int runs, Path parent, StopSignal stop, Map<String, VolumeLockService> otherLocks)
            throws IOException {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        List<String> names = new ArrayList<>(NAMES);
        names.addAll(otherLocks.keySet());
        names.forEach(name -> nanos.put(name, new ArrayList<>()));
        Path share = Files.createTempDirectory(parent, "remotefs-bench-");
        try {
            VolumeDriver driver = driver(share, stop);
            String qemuImg = new org.remotefs.core.volume.QemuImg(counter, org.remotefs.core.json.Json.mapper()).version();
            driver.doSetup();
            Volume deep = chainOf(driver, 20);
            // the cost of a volume's lock alone: taken and released once, on the default file locks
            // every operation takes, and on in-process locks for comparison
            VolumeLockService fileLocks = new FileLockService(LockDirectory.preparePrivate(
                    LockDirectory.defaultDirectory(), "remotefs.coordination.backend_url"), StopSignal.never(),
                    org.remotefs.core.json.Json.mapper(), HostIdentity.current(), Clock.systemUTC());
            VolumeLockService localLocks = new InProcessLockService(StopSignal.never());
            for (int run = 0; run < runs; run++) {
                if (stop.stopRequested()) {
                    throw new org.remotefs.api.RemoteFsException(org.remotefs.api.ErrorCode.INTERRUPTED,
                            "the benchmark stopped after " + run + " of " + runs + " runs", Map.of());
                }
                oneRun(driver);
                time("chain_walk_20", () -> driver.findVolume(deep.id()).orElseThrow());
                time("lock_default_file", () -> fileLocks.acquire(BENCH_LOCK, "bench", Duration.ofSeconds(60)).close());
                time("lock_inprocess", () -> localLocks.acquire(BENCH_LOCK, "bench", Duration.ofSeconds(60)).close());
                otherLocks.forEach((name, locks) ->
                        time(name, () -> locks.acquire(BENCH_LOCK, "bench", Duration.ofSeconds(60)).close()));
            }
            driver.deleteVolume(deep);
            List<BenchmarkResult.Operation> operations = names.stream().map(this::summary).toList();
            Map<String, Object> environment = new LinkedHashMap<>();
            environment.put("qemu_img", qemuImg);
            environment.put("java", System.getProperty("java.version"));
            environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            environment.put("processors", Runtime.getRuntime().availableProcessors());
            environment.put("runs", runs);
            environment.put("volume_gib", 1);
            loadAverage().ifPresent(load -> environment.put("load_average", load));
            return new BenchmarkResult(operations, environment);
        } finally {
            try (Stream<Path> files = Files.walk(share)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The 1, 5 and 15 minute load averages at the end of the run: how busy the machine was. */
    static java.util.Optional<String> loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return java.util.Optional.of(fields[0] + " " + fields[1] + " " + fields[2]);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty(); // not Linux: no figure
        }
    }

    private void oneRun(VolumeDriver driver) {
        Volume volume = time("create_volume", () -> created(driver, Volume.create(UUID.randomUUID().toString(), 1)));
        List<Snapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Snapshot snapshot = new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null);
            time("create_snapshot", () -> driver.createSnapshot(snapshot));
            snapshots.add(snapshot.withStatus(SnapshotStatus.AVAILABLE));
        }
        time("initialize_connection", () -> driver.initializeConnection(volume, Connector.ofHost("bench")));
        time("get_volume_stats", () -> driver.getVolumeStats(true));
        Volume fromSnapshot = Volume.create(UUID.randomUUID().toString(), 1);
        Volume copy = time("create_volume_from_snapshot",
                () -> located(fromSnapshot, driver.createVolumeFromSnapshot(fromSnapshot, snapshots.get(1))));
        // a raw volume without snapshots grows by truncation; the volume above, with snapshots, is a
        // qcow2 overlay whose L1 table must grow (in-process, as qemu-img resize grows it)
        time("extend_volume_raw", () -> driver.extendVolume(copy, 2));
        driver.deleteVolume(copy.withSize(2));
        Volume toClone = Volume.create(UUID.randomUUID().toString(), 1);
        Volume clone = time("create_cloned_volume", () -> located(toClone, driver.createClonedVolume(toClone, volume)));
        driver.deleteVolume(clone);
        time("extend_volume", () -> driver.extendVolume(volume, 2));
        Volume extended = volume.withSize(2);
        time("delete_snapshot_middle", () -> driver.deleteSnapshot(deleting(snapshots.get(1), extended)));
        time("delete_snapshot_oldest", () -> driver.deleteSnapshot(deleting(snapshots.get(0), extended)));
        time("delete_snapshot_last", () -> driver.deleteSnapshot(deleting(snapshots.get(2), extended)));
        driver.deleteVolume(extended);
    }

    private static Snapshot deleting(Snapshot snapshot, Volume volume) {
        return new Snapshot(snapshot.id(), volume, SnapshotStatus.DELETING, null, null);
    }

    private Volume chainOf(VolumeDriver driver, int snapshots) {
        Volume volume = created(driver, Volume.create(UUID.randomUUID().toString(), 1));
        for (int i = 0; i < snapshots; i++) {
            driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null));
        }
        return volume;
    }

    private static Volume created(VolumeDriver driver, Volume volume) {
        return located(volume, driver.createVolume(volume));
    }

    private static Volume located(Volume volume, ModelUpdate update) {
        return volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
    }

    private void time(String name, Runnable action) {
        time(name, () -> {
            action.run();
            return null;
        });
    }

    private <T> T time(String name, Supplier<T> action) {
        long processesBefore = counter.started();
        long start = System.nanoTime();
        T result = action.get();
        nanos.get(name).add(System.nanoTime() - start);
        processes.merge(name, counter.started() - processesBefore, Math::max);
        return result;
    }

    private BenchmarkResult.Operation summary(String name) {
        return BenchmarkResult.Operation.of(name, nanos.get(name).stream().map(n -> n / 1e6).toList(),
                processes.getOrDefault(name, 0L));
    }

    private VolumeDriver driver(Path share, StopSignal stop) {
        counter = new CountingCommandRunner(new ExecCommandRunner(new RootHelper(List.of()), Duration.ofMinutes(10)));
        CommandRunner runner = counter;
        org.remotefs.api.spi.VolumeDriverProvider provider = new LocalFsDriverProvider()
                .withReplacements(binder -> binder.bind(CommandRunner.class).toInstance(runner));
        String text = "remotefs.backends.bench { driver = localfs, nas_share_path = "
                + ConfigUtil.quoteString(share.toString()) + ", nas_secure_file_operations = false,"
                + " nas_secure_file_permissions = false }";
        RemoteFsConfiguration configuration = RemoteFsConfiguration.parse(text, "bench", getClass().getClassLoader());
        var settings = new SettingsReader().read("bench", configuration.settingsBlock("bench", "localfs"),
                provider.options());
        return provider.create(org.remotefs.api.spi.DriverContext.of(settings).withStopSignal(stop));
    }
}
