package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.CheckFinding;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.core.localfs.KillOutcomes.Outcome;

/**
 * kill -9 at random points of every chain operation (issue 13): each run builds a fresh volume
 * holding known data ({@link KnownChain}) in this JVM, hands one operation to a {@link CrashWorker}
 * JVM started beforehand, and kills it — with every {@code qemu-img} it started — after a random
 * delay within the operation's duration as measured by an unkilled run of it. Then, in this JVM
 * through the Java API: {@code check} finds nothing (clean) or {@code check --repair} repairs every
 * finding (repaired); the data written before the operation reads back from the volume and from
 * every snapshot still recorded (and from what the operation made, when it exists); the operation
 * retried succeeds and its result reads right; deleting the volumes leaves nothing on the share.
 * Anything else is broken, and must never happen.
 *
 * <p>{@code -Dremotefs.crash.kills=N} sets the number of kills (100 by default, the CI sample;
 * the {@code crash-long} profile runs 1000); {@code -Dremotefs.crash.seed=S} replays a run's
 * choices of operations and delays (the seed is printed; the timing of a kill is as close as the
 * machine's load lets it be).
 */
final class LocalFsRandomKillIT {
    private static final int KILLS = Integer.getInteger("remotefs.crash.kills", 100);
    /**
     * Workers started ahead: a JVM's start (seconds on a loaded machine) is the longest part of a
     * run, so several start while runs are checked.
     */
    private static final int SPARES = Integer.getInteger("remotefs.crash.spares", 3);
    private static final String SOURCE_IMAGE = "crash-source";
    private static final int[] IMAGE_CONTENT = {0x55, 0x66, 0x77, 0x88};

    @TempDir
    Path temp;

    private Path share;
    private Path images;
    private Path conversion;
    private KnownChain chain;
    private CrashBackend backend;
    private CrashWorkers workers;
    private final java.util.ArrayDeque<CrashWorkers.Worker> spares = new java.util.ArrayDeque<>();

    @Test
    void operationsKilledAtRandomPointsLeaveChainsConsistentDataIntactAndRetriesSucceeding() throws Exception {
        long seed = Long.getLong("remotefs.crash.seed", System.currentTimeMillis());
        System.out.println("LocalFsRandomKillIT: " + KILLS + " kills, seed " + seed
                + " (replay: -Dremotefs.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        Path work = temp.toRealPath();
        share = Files.createDirectory(work.resolve("share"));
        images = Files.createDirectory(work.resolve("images"));
        conversion = Files.createDirectory(work.resolve("conversion"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path config = Files.writeString(work.resolve("remotefs.conf"), CrashBackend.configuration(share,
                work.resolve("locks"), conversion, images), StandardCharsets.UTF_8);
        Path source = images.resolve(SOURCE_IMAGE);
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(source.toFile(), "rw")) {
            file.setLength(IMAGE_CONTENT.length * (long) QemuIo.MIB);
        }
        for (int i = 0; i < IMAGE_CONTENT.length; i++) {
            QemuIo.write(source, "raw", IMAGE_CONTENT[i], i);
        }
        chain = new KnownChain(share);
        KillOutcomes outcomes = new KillOutcomes();
        long began = System.nanoTime();
        try (CrashBackend opened = new CrashBackend(config);
             CrashWorkers started = new CrashWorkers(config, Files.createDirectory(work.resolve("logs")))) {
            backend = opened;
            workers = started;
            for (int i = 0; i < SPARES; i++) {
                spares.add(workers.start());
            }
            assertThat(ProcessHandle.of(spares.peek().pid()).flatMap(p -> p.info().command()))
                    .as("setsid ran the JVM itself, the leader of its process group").hasValueSatisfying(
                            c -> assertThat(c).endsWith("java"));

            // each operation once, not killed: it works, and how long it takes
            Map<CrashOperation, Long> durations = new EnumMap<>(CrashOperation.class);
            for (CrashOperation operation : CrashOperation.values()) {
                Run run = attempt(operation, -1);
                assertThat(run.problems()).as("%s, not killed", operation).isEmpty();
                assertThat(run.nanos()).as("%s, not killed, finished", operation).isPositive();
                durations.put(operation, run.nanos());
            }
            Map<CrashOperation, Long> measured = new EnumMap<>(durations);
            System.out.println("LocalFsRandomKillIT: measured durations (ms): " + durations.entrySet().stream()
                    .map(e -> e.getKey() + "=" + TimeUnit.NANOSECONDS.toMillis(e.getValue())).toList());

            List<CrashOperation> round = new ArrayList<>();
            for (int kill = 0; kill < KILLS; kill++) {
                if (round.isEmpty()) {
                    round.addAll(Arrays.asList(CrashOperation.values()));
                    Collections.shuffle(round, random);
                }
                CrashOperation operation = round.remove(round.size() - 1);
                long delay = (long) (random.nextDouble() * durations.get(operation));
                Run run = attempt(operation, delay);
                Outcome outcome = run.problems().isEmpty() ? run.outcome() : Outcome.BROKEN;
                String description = "kill " + kill + " of " + operation + " after " + delay / 1000 + " us (seed "
                        + seed + "): " + String.join("; ", run.problems());
                outcomes.add(operation, outcome, run.where(), description);
                // the machine's load changes: an operation that beat its kill is measured again, and
                // the span grows back towards the first measure while kills land inside
                durations.put(operation, run.nanos() > 0 ? run.nanos()
                        : Math.min(measured.get(operation), durations.get(operation) * 11 / 10));
                if ((kill + 1) % 100 == 0 && kill + 1 < KILLS) {
                    // a long run's figures so far, should it be stopped before its end
                    System.out.print("LocalFsRandomKillIT: after " + (kill + 1) + " kills, "
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s:\n" + outcomes.table());
                }
                if (outcome == Outcome.BROKEN) {
                    System.out.println("LocalFsRandomKillIT: BROKEN " + description);
                    wipe(share, ".cinderSecureEnvIndicator");
                }
            }
        }
        String summary = outcomes.table() + String.format("%d kills in %d s, seed %d%n", outcomes.runs(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began), seed);
        System.out.print(summary);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("crash-consistency.txt"), summary, StandardCharsets.UTF_8);
        }
        assertThat(outcomes.broken()).as("broken outcomes").isEmpty();
        assertThat(outcomes.runs()).isEqualTo(KILLS);
        // the kills must land inside the operations, or the harness tests nothing
        assertThat(outcomes.finishedBeforeKill()).as("kills after the operation had finished")
                .isLessThan(Math.max(1, KILLS / 2));
        assertThat(outcomes.killedInProcess()).as("kills between qemu-img steps (in-process)").isPositive();
    }

    /** What one run found: its problems, how it ended, the operation's time when it finished. */
    private record Run(List<String> problems, Outcome outcome, long nanos, String where) {
    }

    /**
     * Builds a fresh volume, has the oldest spare worker run the operation on it and kills it after
     * {@code delayNanos} (never when negative), then checks, repairs, verifies, retries and cleans up.
     */
    private Run attempt(CrashOperation operation, long delayNanos) {
        VolumeDriver driver = backend.driver();
        String imageId = switch (operation) {
            case IMAGE_FROM_VOLUME -> backend.images().create("up-" + UUID.randomUUID(), "raw").id();
            case VOLUME_FROM_IMAGE -> SOURCE_IMAGE;
            default -> "-";
        };
        CrashJob job = chain.build(driver, operation, imageId);
        CrashWorkers.Worker worker = spares.remove();
        worker.begin(job);
        long nanos = -1;
        String where = "not killed";
        String end;
        if (delayNanos >= 0) {
            sleep(delayNanos);
            where = worker.kill();
            end = worker.next();
        } else {
            end = worker.next();
        }
        if (end.startsWith("done ")) {
            nanos = Long.parseLong(end.substring("done ".length()));
        }
        // the next worker starts while this run is checked
        spares.add(workers.start());
        List<String> problems = new ArrayList<>();
        if (end.startsWith("failed")) {
            problems.add("the operation failed by itself: " + end);
        }
        Outcome outcome = Outcome.CLEAN;
        try {
            outcome = checkAndRepair(problems);
            problems.addAll(beforeRetry(job));
            CrashJob done = retry(job, problems);
            List<CheckFinding> after = driver.checkVolumes(List.of(), false);
            if (!after.isEmpty()) {
                problems.add("findings after the retry: " + after);
            }
            problems.addAll(afterRetry(done));
            for (StoredVolume volume : driver.listVolumes()) {
                driver.deleteVolume(backend.volume(volume.id()));
            }
            // Cinder's secure-NAS marker belongs to the share, not to a volume
            List<String> left = names(share).stream().filter(n -> !n.equals(".cinderSecureEnvIndicator")).toList();
            if (!left.isEmpty()) {
                problems.add("left on the share after the volumes were deleted: " + left);
            }
        } catch (RuntimeException e) {
            problems.add(e.toString());
        }
        cleanImages();
        return new Run(problems, outcome, nanos, nanos > 0 ? "after the operation" : where);
    }

    private Outcome checkAndRepair(List<String> problems) {
        VolumeDriver driver = backend.driver();
        List<CheckFinding> found = driver.checkVolumes(List.of(), false);
        if (found.isEmpty()) {
            return Outcome.CLEAN;
        }
        List<CheckFinding> repaired = driver.checkVolumes(List.of(), true);
        repaired.stream().filter(CheckFinding::open).forEach(f -> problems.add("not repaired: " + f));
        List<CheckFinding> left = driver.checkVolumes(List.of(), false);
        if (!left.isEmpty()) {
            problems.add("findings after check --repair: " + left);
        }
        return Outcome.REPAIRED;
    }

    /** After the kill (and repair): the data written before the operation, and what it made, read back. */
    private List<String> beforeRetry(CrashJob job) {
        List<String> problems = new ArrayList<>();
        CrashOperation operation = job.operation();
        if (operation == CrashOperation.VOLUME_DELETE) {
            // a delete that began may have removed data by design; what is left must check clean (above)
            return problems;
        }
        if (operation == CrashOperation.REVERT) {
            List<String> full = chain.problems(job, KnownChain.FULL);
            if (!full.isEmpty() && !chain.problems(job, KnownChain.REVERTED).isEmpty()) {
                problems.add("neither the volume's data nor its data reverted: " + full);
            }
        } else {
            problems.addAll(chain.problems(job, operation.onPlainVolume() ? KnownChain.PLAIN : KnownChain.FULL));
        }
        if (operation.createsVolume() && backend.driver().findVolume(job.targetId()).isPresent()) {
            problems.addAll(targetProblems(job));
        }
        return problems;
    }

    private List<String> targetProblems(CrashJob job) {
        int[] expected = switch (job.operation()) {
            case CLONE -> KnownChain.FULL;
            case VOLUME_FROM_SNAPSHOT -> KnownChain.snapshotContent(1);
            default -> IMAGE_CONTENT;
        };
        StoredVolume target = backend.stored(job.targetId());
        return chain.read(Path.of(target.path()), expected).map(p -> List.of("the new volume " + job.targetId()
                + " (expected " + Arrays.toString(expected) + "): " + p)).orElse(List.of());
    }

    /** Retries the operation where it did not take effect, as a user would; returns the job as it now stands. */
    private CrashJob retry(CrashJob job, List<String> problems) {
        VolumeDriver driver = backend.driver();
        CrashOperation operation = job.operation();
        switch (operation) {
            case SNAPSHOT_CREATE -> {
                if (!chain.info(job.volumeId()).containsKey(job.targetId())) {
                    backend.run(job);
                }
                List<String> snapshots = new ArrayList<>(job.snapshots());
                snapshots.add(job.targetId());
                return new CrashJob(operation, job.volumeId(), snapshots, job.targetId(), job.imageId());
            }
            case DELETE_OLDEST_SNAPSHOT, DELETE_MIDDLE_SNAPSHOT, DELETE_NEWEST_SNAPSHOT -> {
                if (chain.info(job.volumeId()).containsKey(job.snapshotOperatedOn())) {
                    backend.run(job);
                }
                if (chain.info(job.volumeId()).containsKey(job.snapshotOperatedOn())) {
                    problems.add("snapshot " + job.snapshotOperatedOn() + " is still recorded after its delete");
                }
                return job;
            }
            case CLONE, VOLUME_FROM_SNAPSHOT, VOLUME_FROM_IMAGE -> {
                if (driver.findVolume(job.targetId()).isEmpty()) {
                    backend.run(job);
                }
                problems.addAll(targetProblems(job));
                return job;
            }
            case EXTEND_RAW, EXTEND_QCOW2 -> {
                backend.run(job);
                StoredVolume extended = backend.stored(job.volumeId());
                if (extended.size() != 2 || extended.virtualSizeBytes() != 2L << 30) {
                    problems.add("not extended to 2 GiB: " + extended);
                }
                return job;
            }
            case REVERT -> {
                backend.run(job);
                return job;
            }
            case IMAGE_FROM_VOLUME -> {
                // the killed upload's image stays in the image service (not on the share): a new one
                CrashJob again = job.withImage(backend.images().create("again-" + UUID.randomUUID(), "raw").id());
                backend.run(again);
                chain.read(images.resolve(again.imageId()), KnownChain.FULL)
                        .ifPresent(p -> problems.add("the uploaded image: " + p));
                return job;
            }
            case VOLUME_DELETE -> {
                if (driver.findVolume(job.volumeId()).isPresent()) {
                    backend.run(job);
                }
                if (driver.findVolume(job.volumeId()).isPresent()) {
                    problems.add("volume " + job.volumeId() + " is still found after its delete");
                }
                return job;
            }
            default -> throw new IllegalArgumentException(operation.name());
        }
    }

    private List<String> afterRetry(CrashJob job) {
        return switch (job.operation()) {
            case VOLUME_DELETE -> List.of();
            case REVERT -> chain.problems(job, KnownChain.REVERTED);
            case EXTEND_RAW -> chain.problems(job, KnownChain.PLAIN);
            default -> chain.problems(job, KnownChain.FULL);
        };
    }

    /** The image service's images other than the source (uploads, killed or not), and conversion leftovers. */
    private void cleanImages() {
        for (String name : names(images)) {
            if (!name.equals(SOURCE_IMAGE)) {
                delete(images.resolve(name));
            }
        }
        wipe(conversion, "");
    }

    private static void wipe(Path directory, String keep) {
        names(directory).stream().filter(n -> !n.equals(keep)).forEach(name -> delete(directory.resolve(name)));
    }

    private static void delete(Path path) {
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(Path directory) {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
