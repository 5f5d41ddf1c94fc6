package org.remotefs.cli;

import java.nio.file.Path;
import java.util.Map;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ImageService;
import org.remotefs.api.spi.ProgressReporter;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.host.HostServices;
import org.remotefs.core.host.StopFlag;
import org.remotefs.core.registry.DriverRegistry;

import com.typesafe.config.ConfigUtil;

/**
 * One run of the command: the configuration (a file, or the embedded default), the registry, and
 * the chosen backend's driver, each made when first needed.
 */
final class Session implements AutoCloseable {
    /** The backend name of the embedded default. */
    static final String DEFAULT_BACKEND = "default";
    static final String DEFAULT_DATA_DIRECTORY = "remotefs-data";
    static final String DEFAULT_IMAGE_DIRECTORY = "remotefs-images";

    private final Path configFile;
    private final String backendName;
    private final Path workingDirectory;
    private final ClassLoader classLoader;
    private final StopFlag stop;
    private final boolean readOnly;
    private final ProgressReporter progress;
    private RemoteFsConfiguration configuration;
    private DriverRegistry registry;
    private VolumeDriver driver;

    /**
     * @param readOnly whether the command only looks (see {@link ReadOnlyCommand})
     * @param progress where the driver's long operations report their progress
     */
    Session(Path configFile, String backendName, Path workingDirectory, ClassLoader classLoader, StopFlag stop,
            boolean readOnly, ProgressReporter progress) {
        this.progress = progress;
        this.readOnly = readOnly;
        this.configFile = configFile;
        this.backendName = backendName;
        this.workingDirectory = workingDirectory;
        this.classLoader = classLoader;
        this.stop = stop;
    }

    RemoteFsConfiguration configuration() {
        if (configuration == null) {
            configuration = configFile != null
                    ? RemoteFsConfiguration.load(configFile, classLoader)
                    : RemoteFsConfiguration.parse(embeddedDefault(), "the embedded default (localfs on ./"
                    + DEFAULT_DATA_DIRECTORY + ")", classLoader);
        }
        return configuration;
    }

    /** With no configuration: one localfs backend on ./remotefs-data. */
    private String embeddedDefault() {
        Path data = workingDirectory.resolve(DEFAULT_DATA_DIRECTORY).toAbsolutePath().normalize();
        Path images = workingDirectory.resolve(DEFAULT_IMAGE_DIRECTORY).toAbsolutePath().normalize();
        return "remotefs.backends." + DEFAULT_BACKEND + " { driver = localfs, nas_share_path = "
                + ConfigUtil.quoteString(data.toString()) + " }\n"
                + "remotefs.image_service.local_directory = " + ConfigUtil.quoteString(images.toString());
    }

    /** The host's image service, or {@link ErrorCode#UNSUPPORTED} when none is configured. */
    ImageService imageService() {
        return registry().hostServices(configuration()).imageService().orElseThrow(() -> new RemoteFsException(
                ErrorCode.UNSUPPORTED, "no image service is configured (remotefs.image_service.type = none)",
                Map.of("option", HostServices.IMAGE_SERVICE + ".type")));
    }

    /** The class loader drivers, their reference.conf and the TCK are found with. */
    ClassLoader classLoader() {
        return classLoader;
    }

    DriverRegistry registry() {
        if (registry == null) {
            registry = DriverRegistry.discover(classLoader, stop);
        }
        return registry;
    }

    String backendName() {
        return configuration().chooseBackend(backendName);
    }

    VolumeDriver driver() {
        if (driver == null) {
            RemoteFsConfiguration configuration = configuration();
            HostServices host = registry().hostServices(configuration);
            driver = registry().create(configuration, backendName(), context -> host.addTo(context).withProgress(progress));
        }
        return driver;
    }

    /**
     * Whether a read-only command runs on the embedded default backend whose directory does not
     * exist: there is nothing to find, and the driver, which would make the directory, is not built.
     */
    private boolean nothingHere() {
        return readOnly && configFile == null
                && !java.nio.file.Files.isDirectory(workingDirectory.resolve(DEFAULT_DATA_DIRECTORY));
    }

    /** Every volume on the backend's shares. */
    java.util.List<StoredVolume> volumes() {
        return nothingHere() ? java.util.List.of() : driver().listVolumes();
    }

    /** The volume with this id on the backend's shares, or {@link ErrorCode#VOLUME_NOT_FOUND}. */
    StoredVolume volume(String givenId) {
        String id = Volume.checkId(givenId);
        return (nothingHere() ? java.util.Optional.<StoredVolume>empty() : driver().findVolume(id)).orElseThrow(() -> new RemoteFsException(ErrorCode.VOLUME_NOT_FOUND,
                "volume " + asGiven(givenId, id) + " is not on any share of backend '" + backendName() + "'",
                Map.of("volume_id", id)));
    }

    /** An id as the user typed it, with the form it was looked up in when that differs (upper case). */
    private static String asGiven(String given, String id) {
        return given.equals(id) ? id : given + " (" + id + ")";
    }

    /** A snapshot found in a volume's info file. */
    record FoundSnapshot(String id, StoredVolume volume) {
    }

    /** The snapshot with this id in any volume's info file, or {@link ErrorCode#SNAPSHOT_NOT_FOUND}. */
    FoundSnapshot snapshot(String givenId) {
        String id = Snapshot.checkId(givenId);
        return volumes().stream().filter(v -> v.snapshotIds().contains(id)).findFirst()
                .map(v -> new FoundSnapshot(id, v))
                .orElseThrow(() -> new RemoteFsException(ErrorCode.SNAPSHOT_NOT_FOUND,
                        "snapshot " + asGiven(givenId, id) + " is not in the info file of any volume of backend '"
                                + backendName() + "'",
                        Map.of("snapshot_id", id)));
    }

    /**
     * The volume's size in GiB when the snapshot was taken, read from the snapshot's image; the
     * volume's current size when that image cannot be read (the driver checks the chain itself).
     */
    int snapshotSize(String snapshotId, StoredVolume volume) {
        return driver().snapshotVolumeSize(volume, snapshotId).orElse(volume.size());
    }

    /** The driver's view of a snapshot found on a share. */
    static Snapshot asSnapshot(FoundSnapshot found, SnapshotStatus status) {
        return new Snapshot(found.id(), asVolume(found.volume()), status, null, null);
    }

    /** Stops what the registry started (a status endpoint for Nova, when configured). */
    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }

    /**
     * The driver's view of a volume found on a share. While the volume has no snapshot, the format
     * the driver found for its base file (on a raw backend: raw, whatever the first bytes say)
     * stands in for Cinder's format record, so that the driver's raw-stays-raw rule applies.
     */
    static Volume asVolume(StoredVolume stored) {
        String format = stored.activeFile().equals(stored.baseFile()) ? stored.format() : null;
        return new Volume(stored.id(), stored.name(), stored.size(), stored.providerLocation(),
                org.remotefs.api.model.VolumeStatus.AVAILABLE, org.remotefs.api.model.AttachStatus.DETACHED, null, format,
                Map.of(), Map.of(), null);
    }
}
