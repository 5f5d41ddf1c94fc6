package org.remotefs.tck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.json.Json;

/**
 * What a contract test gets: the backend under test, and helpers that create resources the test
 * owns (deleted after it, even when it fails) and look at the shares from outside.
 */
public final class Tck {
    private final TckBinding binding;
    private final TckBackend backend;
    private final Path scratch;
    private final TckHost host;
    private final Deque<Runnable> cleanups = new ArrayDeque<>();
    private final Deque<AutoCloseable> extraBackends = new ArrayDeque<>();

    Tck(TckBinding binding, TckBackend backend, Path scratch, TckHost host) {
        this.binding = binding;
        this.backend = backend;
        this.scratch = scratch;
        this.host = host;
    }

    public VolumeDriver driver() {
        return backend.driver();
    }

    public TckBackend backend() {
        return backend;
    }

    public TckBinding binding() {
        return binding;
    }

    public boolean declares(Capability capability) {
        return backend.capabilities().contains(capability);
    }

    /** A scratch directory of this test's own, for files a test makes beside the shares. */
    public Path scratch(String name) throws IOException {
        return Files.createDirectories(scratch.resolve("test-" + name));
    }

    /**
     * Whether every share of the backend lies in this test's scratch directory, as a binding makes
     * them ({@link TckBinding#open}): shares nothing but the test writes to. The live shares of a
     * configured backend are not, and figures computed over them move with other writers.
     */
    public boolean ownsShares(TckBackend other) throws IOException {
        Path own = scratch.toRealPath();
        for (Path share : other.shareDirectories()) {
            if (!share.toRealPath().startsWith(own)) {
                return false;
            }
        }
        return !other.shareDirectories().isEmpty();
    }

    /** Another backend of the same binding with other provisioning, closed after the test. */
    public TckBackend open(Provisioning provisioning) throws Exception {
        return open(provisioning, backendScratch(provisioning));
    }

    /** A fresh directory of this test's own for another backend of the binding to be opened on. */
    Path backendScratch(Provisioning provisioning) throws IOException {
        return Files.createDirectories(scratch.resolve("p-" + provisioning.name().toLowerCase() + "-" + UUID.randomUUID()));
    }

    /** Another backend of the binding on {@code directory}, closed after the test. */
    TckBackend open(Provisioning provisioning, Path directory) throws Exception {
        TckBackend other = host.opened(binding.open(directory, provisioning, host.services()));
        extraBackends.push(other);
        return other;
    }

    /** The volume locks the driver was given, recording the names it asks for. */
    public RecordingLockService locks() {
        return host.services().locks();
    }

    /** The image service the driver was given: images live in {@link #imageDirectory()}. */
    public ImageService images() {
        return host.services().images();
    }

    /** The image service's directory: image {@code <id>} is the file {@code <id>}. */
    public Path imageDirectory() throws IOException {
        return Files.createDirectories(host.imageDirectory());
    }

    /** The hypervisor's part in snapshots of attached volumes, as the driver was given it. */
    public HypervisorStandIn hypervisor() {
        return host.hypervisor();
    }

    /** A new volume of {@code gib} GiB, status available, deleted after the test. */
    public Volume newVolume(int gib) {
        return newVolume(driver(), gib);
    }

    public Volume newVolume(VolumeDriver on, int gib) {
        Volume volume = Volume.create(UUID.randomUUID().toString(), gib);
        return owned(on, volume, on.createVolume(volume));
    }

    /** A volume an operation made: located, available, deleted after the test. */
    public Volume owned(Volume volume, ModelUpdate update) {
        return owned(driver(), volume, update);
    }

    private Volume owned(VolumeDriver on, Volume volume, ModelUpdate update) {
        Volume located = volume.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE)
                .withFormat(update.adminMetadata().get("format"));
        cleanups.push(() -> on.deleteVolume(located));
        return located;
    }

    /** A new snapshot of the volume, status available. */
    public Snapshot snapshot(Volume volume) {
        Snapshot snapshot = new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.CREATING, null, null);
        driver().createSnapshot(snapshot);
        return snapshot.withStatus(SnapshotStatus.AVAILABLE);
    }

    /** Runs after the test, before the volumes are deleted. */
    public void cleanup(Runnable action) {
        cleanups.push(action);
    }

    public StoredVolume stored(Volume volume) {
        return driver().findVolume(volume.id()).orElseThrow(() -> new AssertionError("volume " + volume.id()
                + " is not found on the shares"));
    }

    public Path activePath(Volume volume) {
        return Path.of(stored(volume).path());
    }

    public Path directoryOf(Volume volume) {
        return activePath(volume).getParent();
    }

    /** The active image's format as written: the volume's recorded format for its base file, else qcow2. */
    public String activeFormat(Volume volume) {
        StoredVolume stored = stored(volume);
        return stored.activeFile().equals(volume.name()) && volume.format() != null ? volume.format() : stored.format();
    }

    public Path infoPath(Volume volume) {
        return directoryOf(volume).resolve(volume.name() + ".info");
    }

    public String infoText(Volume volume) throws IOException {
        return Files.readString(infoPath(volume), StandardCharsets.ISO_8859_1);
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> info(Volume volume) throws IOException {
        return Json.mapper().readValue(infoPath(volume).toFile(), LinkedHashMap.class);
    }

    /** Writes a pattern into the volume as its guest would: into its active image. */
    public void write(Volume volume, int pattern, int mib) {
        QemuTools.write(activePath(volume), activeFormat(volume), pattern, mib);
    }

    /** Null when the volume reads the patterns, MiB by MiB. */
    public String mismatch(Volume volume, int... patterns) {
        return QemuTools.mismatch(activePath(volume), activeFormat(volume), patterns);
    }

    /** Null when the snapshot's data (the backing file of the file the info file records for it) reads the patterns. */
    public String snapshotMismatch(Volume volume, String snapshotId, int... patterns) throws IOException {
        Path created = directoryOf(volume).resolve(info(volume).get(snapshotId));
        var image = QemuTools.info(created);
        Path backing = created.resolveSibling(image.get("backing-filename").asText());
        return QemuTools.mismatch(backing, image.path("backing-filename-format").asText("raw"), patterns);
    }

    /** Every file on the shares with its size and modification time: for "nothing changed" checks. */
    public Map<String, List<Object>> listing() throws IOException {
        Map<String, List<Object>> files = new TreeMap<>();
        for (Path share : backend.shareDirectories()) {
            if (!Files.isDirectory(share)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(share)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    FileTime modified = Files.getLastModifiedTime(file);
                    files.put(file.toString(), List.of(Files.size(file), modified));
                }
            }
        }
        return files;
    }

    /** The error code of what {@code action} throws; fails when it throws nothing or something else. */
    public static org.remotefs.api.ErrorCode codeOf(Runnable action) {
        try {
            action.run();
        } catch (RemoteFsException e) {
            return e.code();
        }
        throw new AssertionError("expected a RemoteFsException, and the operation succeeded");
    }

    /** Deletes what the test owns, newest first; the first failure is reported after all ran. */
    void close() throws Exception {
        Exception first = null;
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        while (!extraBackends.isEmpty()) {
            try {
                extraBackends.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static Set<String> volumeFiles(List<Path> shares) throws IOException {
        Set<String> names = new java.util.TreeSet<>();
        for (Path share : shares) {
            if (Files.isDirectory(share)) {
                try (Stream<Path> files = Files.list(share)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("volume-"))
                            .forEach(n -> names.add(share.resolve(n).toString()));
                }
            }
        }
        return names;
    }
}
