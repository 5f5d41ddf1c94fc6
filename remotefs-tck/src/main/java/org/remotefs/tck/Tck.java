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
import java.util.concurrent.ConcurrentLinkedDeque;
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
    /** Cinder's per-volume format choice: the volume type's extra spec of this key. */
    public static final String VOLUME_FORMAT = "volume_format";

    private final TckBinding binding;
    private final TckBackend backend;
    private final Path scratch;
    private final TckHost host;
    /**
     * What to undo after the test, newest first. Contracts create volumes from several threads at
     * once (the concurrency contract): an {@code ArrayDeque} lost pushes then, and a volume was
     * left on the share with no cleanup to delete it.
     */
    private final Deque<Runnable> cleanups = new ConcurrentLinkedDeque<>();
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

    /**
     * A new volume of {@code gib} GiB asking for {@code format} by Cinder's {@code volume_format}
     * extra spec ({@code raw}, {@code qcow2}, {@code vhd}, {@code vhdx}), deleted after the test.
     */
    public Volume newVolume(int gib, String format) {
        Volume volume = askingFormat(Volume.create(UUID.randomUUID().toString(), gib), format);
        return owned(volume, driver().createVolume(volume));
    }

    /** The volume with its type's {@code volume_format} extra spec set to {@code format}, as Cinder hands it over. */
    public static Volume askingFormat(Volume volume, String format) {
        Map<String, String> specs = new LinkedHashMap<>(volume.typeExtraSpecs());
        specs.put(VOLUME_FORMAT, format);
        return new Volume(volume.id(), volume.name(), volume.size(), volume.providerLocation(), volume.status(),
                volume.attachStatus(), volume.host(), volume.format(), specs, volume.metadata(),
                volume.encryptionKeyId());
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

    /**
     * The active image's format as written, as Cinder names it ({@code vhd}, not {@code vpc}): the
     * volume's recorded format for its base file, else what the backend reports (qcow2 for an overlay).
     */
    public String activeFormat(Volume volume) {
        StoredVolume stored = stored(volume);
        return stored.activeFile().equals(stored.baseFile()) && volume.format() != null ? volume.format()
                : stored.format();
    }

    /**
     * The name of the volume's base file as the backend reports it: {@code volume-<id>}, or with its
     * format's extension where the backend's naming rule gives one ({@code volume-<id>.vhd}).
     */
    public String baseFile(Volume volume) {
        return stored(volume).baseFile();
    }

    /**
     * The extension of the volume's base file, with its dot, or empty: what its overlays carry too
     * ({@code volume-<id>.<snapshot id><extension>}) and its info file after the base's name.
     */
    public String extension(Volume volume) {
        return baseFile(volume).substring(volume.name().length());
    }

    /** The name of the overlay a snapshot of the volume is recorded with: {@code volume-<id>.<snapshot id>} and the base's extension. */
    public String overlayFile(Volume volume, String snapshotId) {
        return volume.name() + "." + snapshotId + extension(volume);
    }

    /**
     * The base file a new volume of {@code format} (as Cinder names it) gets by the binding's
     * naming ({@link TckBinding#namesFilesByFormat()}): {@code volume-<id>.<format>} where the backend
     * names every file by its format, or for formats a plain name cannot tell apart (vhd, vhdx);
     * {@code volume-<id>} otherwise.
     */
    public String expectedBaseFile(Volume volume, String format) {
        boolean byExtension = binding.namesFilesByFormat() || !(format.equals("raw") || format.equals("qcow2"));
        return byExtension ? volume.name() + "." + format : volume.name();
    }

    /** The volume's info file: {@code <base file>.info}. */
    public Path infoPath(Volume volume) {
        return directoryOf(volume).resolve(baseFile(volume) + ".info");
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
        QemuTools.write(activePath(volume), QemuTools.qemuFormat(activeFormat(volume)), pattern, mib);
    }

    /** Null when the volume reads the patterns, MiB by MiB. */
    public String mismatch(Volume volume, int... patterns) {
        return QemuTools.mismatch(activePath(volume), QemuTools.qemuFormat(activeFormat(volume)), patterns);
    }

    /** The names of the files of the volume in its share directory: its base, overlays and info file. */
    public Set<String> filesOf(Volume volume, Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.equals(volume.name()) || n.startsWith(volume.name() + "."))
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
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

    /**
     * Every file of the volume in its share directory with the SHA-256 of its bytes: for "nothing
     * changed, byte for byte" checks beside {@link #listing()} (which a write keeping a file's size
     * and time within the clock's resolution could pass). Reads each file whole.
     */
    public Map<String, String> digestsOf(Volume volume) throws IOException {
        Path directory = directoryOf(volume);
        Map<String, String> digests = new TreeMap<>();
        for (String name : filesOf(volume, directory)) {
            digests.put(name, sha256(directory.resolve(name)));
        }
        return digests;
    }

    private static String sha256(Path file) throws IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 20];
        try (var in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
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
