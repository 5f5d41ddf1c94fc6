package org.remotefs.core.localfs;

import java.nio.file.Path;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.registry.DriverRegistry;

/**
 * A localfs backend built from a configuration file the way the command line builds it (the
 * registry, the backend's driver, the host's image service), and the chain operations of the
 * random-kill harness run through its Java API — by a {@link CrashWorker} that is killed, and by
 * the test for the retry.
 */
final class CrashBackend implements AutoCloseable {
    static final String BACKEND = "crash";

    private final DriverRegistry registry;
    private final VolumeDriver driver;
    private final ImageService images;

    CrashBackend(Path configFile) {
        ClassLoader loader = CrashBackend.class.getClassLoader();
        RemoteFsConfiguration configuration = RemoteFsConfiguration.load(configFile, loader);
        registry = DriverRegistry.discover(loader);
        driver = registry.create(configuration, BACKEND);
        images = registry.hostServices(configuration).imageService().orElseThrow();
    }

    /** The configuration of one localfs backend on {@code share}, with file locks and a local image service. */
    static String configuration(Path share, Path locks, Path conversion, Path images) {
        return """
                remotefs.coordination.backend_url = "file://%s"
                remotefs.backends.%s { driver = localfs, nas_share_path = "%s", image_conversion_dir = "%s" }
                remotefs.image_service { type = local, local_directory = "%s" }
                """.formatted(locks, BACKEND, share, conversion, images);
    }

    VolumeDriver driver() {
        return driver;
    }

    ImageService images() {
        return images;
    }

    StoredVolume stored(String volumeId) {
        return driver.findVolume(volumeId).orElseThrow(() -> new RemoteFsException(ErrorCode.VOLUME_NOT_FOUND,
                "volume " + volumeId + " is not on the share", Map.of("volume_id", volumeId)));
    }

    /** Runs the job's operation, as the command line's command for it does. */
    void run(CrashJob job) {
        CrashOperation operation = job.operation();
        switch (operation) {
            case SNAPSHOT_CREATE -> driver.createSnapshot(new Snapshot(job.targetId(), volume(job.volumeId()),
                    SnapshotStatus.CREATING, null, null));
            case DELETE_OLDEST_SNAPSHOT, DELETE_MIDDLE_SNAPSHOT, DELETE_NEWEST_SNAPSHOT ->
                    driver.deleteSnapshot(snapshot(job, SnapshotStatus.DELETING));
            case CLONE -> driver.createClonedVolume(Volume.create(job.targetId(), 1), volume(job.volumeId()));
            case VOLUME_FROM_SNAPSHOT -> driver.createVolumeFromSnapshot(Volume.create(job.targetId(), 1),
                    snapshot(job, SnapshotStatus.AVAILABLE));
            // with the size recorded before (1 GiB), as Cinder passes it to a retry too
            case EXTEND_RAW, EXTEND_QCOW2 -> driver.extendVolume(volume(job.volumeId()).withSize(1), 2);
            case REVERT -> driver.revertToSnapshot(volume(job.volumeId()), snapshot(job, SnapshotStatus.AVAILABLE));
            // an image registered (by the test, as by the command line) and not uploaded yet: no file to show
            case IMAGE_FROM_VOLUME -> driver.copyVolumeToImage(volume(job.volumeId()),
                    new org.remotefs.api.model.ImageRef(job.imageId(), job.imageId(), "raw"));
            case VOLUME_FROM_IMAGE -> driver.cloneImage(Volume.create(job.targetId(), 1),
                    images.show(job.imageId()).ref()).orElseThrow();
            case VOLUME_DELETE -> driver.deleteVolume(volume(job.volumeId()));
            default -> throw new IllegalArgumentException(operation.name());
        }
    }

    private Snapshot snapshot(CrashJob job, SnapshotStatus status) {
        return new Snapshot(job.snapshotOperatedOn(), volume(job.volumeId()), status, null, null);
    }

    /**
     * The driver's view of a volume found on the share, as the command line makes it: detached,
     * and while it has no snapshot, of the format found for its base file.
     */
    Volume volume(String volumeId) {
        StoredVolume stored = stored(volumeId);
        String format = stored.activeFile().equals(stored.baseFile()) ? stored.format() : null;
        return new Volume(stored.id(), stored.name(), stored.size(), stored.providerLocation(), VolumeStatus.AVAILABLE,
                AttachStatus.DETACHED, null, format, Map.of(), Map.of(), null);
    }

    @Override
    public void close() {
        registry.close();
    }
}
