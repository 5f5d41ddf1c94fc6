package org.remotefs.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStats;

/**
 * The Cinder volume-driver contract of the remotefs family: one instance drives one configured
 * backend (a set of shares).
 *
 * <p><b>Thread safety.</b> Implementations are safe for use by several threads at once. Operations
 * on one volume are serialised by the driver (per-volume locks named {@code cinder-<prefix>-<id>});
 * operations on different volumes run in parallel.
 *
 * <p><b>Errors.</b> Every method throws only {@link RemoteFsException}, whose {@link ErrorCode} is
 * stable. An error leaves the share as it was, unless the method says otherwise.
 *
 * <p><b>Optional operations</b> are default methods that throw {@link ErrorCode#UNSUPPORTED}; a
 * driver overrides exactly those its provider declares in
 * {@link org.remotefs.api.spi.VolumeDriverProvider#capabilities()}, and the TCK checks both sides.
 *
 * <p>Method names follow Cinder's ({@code create_volume} is {@link #createVolume}); see the
 * behaviour reference for the Python originals.
 */
public interface VolumeDriver extends AutoCloseable {

    /** The id of the provider that built this driver ({@code localfs}, {@code nfs}, ...). */
    String driverId();

    // ---------------------------------------------------------------- setup

    /**
     * Cinder's {@code do_setup}: checks the configuration, loads the shares and makes them
     * available (mounts them), resolves the secure NAS options.
     * Idempotent: a second call re-reads the shares configuration.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_CONFIGURATION_VALUE} for a missing or
     *                           unreadable shares file or a bad option; {@link ErrorCode#NO_SHARES_MOUNTED}
     *                           when no share can be served; {@link ErrorCode#UNSUPPORTED}, before any
     *                           share is mounted or written, when the options ask for a volume layout
     *                           (thin, thick, qcow2) the provider does not declare
     */
    void doSetup();

    /**
     * Cinder's {@code check_for_setup_error}: verifies, after {@link #doSetup()}, that the driver
     * can work (tools installed, shares usable). Changes nothing. Idempotent.
     */
    void checkForSetupError();

    // ---------------------------------------------------------------- volumes

    /**
     * Creates the volume's file on a share chosen by the driver.
     *
     * <p>Preconditions: the volume has no file on any share yet. Not idempotent: a second call for
     * the same id fails with {@link ErrorCode#VOLUME_EXISTS} (Cinder would overwrite the file).
     *
     * @return the share as {@code provider_location}, and {@code admin_metadata['format']}
     * @throws RemoteFsException {@link ErrorCode#NO_SHARES_MOUNTED}, {@link ErrorCode#NO_SUITABLE_SHARE},
     *                           {@link ErrorCode#VOLUME_EXISTS}, {@link ErrorCode#UNSUPPORTED} for an
     *                           encrypted volume on a driver without encryption,
     *                           {@link ErrorCode#PROCESS_EXECUTION}
     */
    ModelUpdate createVolume(Volume volume);

    /**
     * Deletes the volume's files: the active image, the base image, its snapshot overlays and its
     * info file. A volume without {@code provider_location} is logged and nothing is done, as in
     * Cinder. Idempotent: files already gone are not an error.
     */
    void deleteVolume(Volume volume);

    /**
     * Grows the volume's active image to {@code newSizeGib}.
     * Preconditions: the volume is not attached; {@code newSizeGib} is larger than its size.
     *
     * @throws RemoteFsException {@link ErrorCode#EXTEND_VOLUME_ERROR}, {@link ErrorCode#UNSUPPORTED}
     */
    default void extendVolume(Volume volume, int newSizeGib) {
        throw RemoteFsException.unsupported(driverId(), "extend_volume");
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * Takes a snapshot: a qcow2 overlay on top of the active image, recorded in the info file.
     * Preconditions (Cinder's): the volume's status is {@code available}, {@code in-use} or
     * {@code backing-up}. Not idempotent.
     */
    default ModelUpdate createSnapshot(Snapshot snapshot) {
        throw RemoteFsException.unsupported(driverId(), "create_snapshot");
    }

    /**
     * Deletes a snapshot, merging its data into the chain. Idempotent: a snapshot absent from the
     * info file is a success with nothing done.
     */
    default void deleteSnapshot(Snapshot snapshot) {
        throw RemoteFsException.unsupported(driverId(), "delete_snapshot");
    }

    /**
     * Creates {@code volume} with the content of {@code snapshot}. Preconditions: the snapshot's
     * status is {@code available}, {@code backing-up} or {@code restoring}.
     */
    default ModelUpdate createVolumeFromSnapshot(Volume volume, Snapshot snapshot) {
        throw RemoteFsException.unsupported(driverId(), "create_volume_from_snapshot");
    }

    /**
     * Creates {@code volume} as a copy of {@code source}. Preconditions: the source's status is
     * {@code available}, {@code backing-up} or {@code downloading}.
     */
    default ModelUpdate createClonedVolume(Volume volume, Volume source) {
        throw RemoteFsException.unsupported(driverId(), "create_cloned_volume");
    }

    /**
     * Reverts the volume to its latest snapshot. Preconditions: the volume's status is
     * {@code available} or {@code reverting}; the snapshot is the latest.
     */
    default void revertToSnapshot(Volume volume, Snapshot snapshot) {
        throw RemoteFsException.unsupported(driverId(), "revert_to_snapshot");
    }

    // ---------------------------------------------------------------- attachments and exports

    /**
     * Returns what a host needs to attach the volume, in Cinder's shape. Changes nothing on the
     * share. Idempotent.
     *
     * @throws RemoteFsException {@link ErrorCode#VOLUME_NOT_FOUND} when the volume has no file,
     *                           {@link ErrorCode#INVALID_VOLUME} when its image is not acceptable
     */
    ConnectionInfo initializeConnection(Volume volume, Connector connector);

    /**
     * Cinder's {@code backup_volume}, the driver's part: checks that the volume's data can be read
     * as one raw image, and returns what to attach to read it (what {@link #initializeConnection}
     * returns). Cinder's GlusterFS driver refuses a volume with snapshots, one whose active image
     * has a backing file, and one that is not raw, since the backup would copy a layer of a chain or
     * a qcow2 file's bytes as if they were the disk's. Changes nothing.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_VOLUME} with detail {@code reason}
     *                           ({@code snapshots}, {@code backing_file}, {@code format}) when the
     *                           volume cannot be backed up so; {@link ErrorCode#UNSUPPORTED} by default
     */
    default ConnectionInfo backupVolume(Volume volume, Connector connector) {
        throw RemoteFsException.unsupported(driverId(), "backup_volume");
    }

    /** Undoes {@link #initializeConnection}; a no-op for file-based drivers. Idempotent. */
    void terminateConnection(Volume volume, Connector connector);

    /**
     * Cinder's {@code initialize_connection_snapshot} (for backups): read-only access to the image
     * that holds a snapshot's data, in the shape of {@link #initializeConnection} with
     * {@code "access_mode": "ro"} in its data. Changes nothing.
     *
     * @throws RemoteFsException {@code UNSUPPORTED} when the driver has no snapshots,
     *         {@code SNAPSHOT_NOT_FOUND} when the volume's info file does not record it
     */
    default ConnectionInfo initializeConnectionSnapshot(Snapshot snapshot, Connector connector) {
        throw RemoteFsException.unsupported(driverId(), "initialize_connection_snapshot");
    }

    /** Cinder's {@code terminate_connection_snapshot}: nothing to undo for file-based drivers. Idempotent. */
    default void terminateConnectionSnapshot(Snapshot snapshot, Connector connector) {
    }

    /** Makes sure the volume's share is available (mounted). Idempotent. */
    void ensureExport(Volume volume);

    /** Cinder's {@code create_export}: nothing to do for file-based drivers. Idempotent. */
    ModelUpdate createExport(Volume volume, Connector connector);

    /** Cinder's {@code remove_export}: nothing to do for file-based drivers. Idempotent. */
    void removeExport(Volume volume);

    // ---------------------------------------------------------------- images

    /**
     * Cinder's {@code clone_image}: makes the new volume with the image's content in one step, so
     * that no empty or half-written volume is ever visible while the image is copied. Called
     * instead of {@link #createVolume} followed by {@link #copyImageToVolume}.
     *
     * <p>Preconditions: the volume does not exist. Not idempotent: a second call for the same
     * volume fails with {@code VOLUME_EXISTS}. On failure nothing of the volume is left.
     *
     * @return the volume's model update when the driver made it; empty when it cannot (the caller
     *         then creates the volume and copies the image, as Cinder's volume manager does)
     * @throws RemoteFsException {@code IMAGE_UNACCEPTABLE}, {@code IMAGE_NOT_FOUND},
     *         {@code VOLUME_EXISTS}, {@code NO_SUITABLE_SHARE}, ...
     */
    default java.util.Optional<ModelUpdate> cloneImage(Volume volume, ImageRef image) {
        return java.util.Optional.empty();
    }

    /** Writes the image's content into the volume. */
    default void copyImageToVolume(Volume volume, ImageRef image) {
        throw RemoteFsException.unsupported(driverId(), "copy_image_to_volume");
    }

    /** Uploads the volume's content (its whole chain, flattened) as the image. */
    default void copyVolumeToImage(Volume volume, ImageRef image) {
        throw RemoteFsException.unsupported(driverId(), "copy_volume_to_image");
    }

    // ---------------------------------------------------------------- stats

    /**
     * The backend's capacity report. With {@code refresh} false a cached report is returned when
     * there is one; with true (or when there is none) it is computed now.
     */
    VolumeStats getVolumeStats(boolean refresh);

    // ---------------------------------------------------------------- manage, migrate

    /** Takes over an existing file named by {@code existingRef} as {@code volume}. */
    default ModelUpdate manageExisting(Volume volume, Map<String, String> existingRef) {
        throw RemoteFsException.unsupported(driverId(), "manage_existing");
    }

    /** The size in GiB {@link #manageExisting} would give the volume. Changes nothing. */
    default int manageExistingGetSize(Volume volume, Map<String, String> existingRef) {
        throw RemoteFsException.unsupported(driverId(), "manage_existing_get_size");
    }

    /** Forgets the volume without touching its files. */
    default void unmanage(Volume volume) {
        throw RemoteFsException.unsupported(driverId(), "unmanage");
    }

    /**
     * After a migration: renames the new volume's file to the original volume's name when it
     * can (Cinder's {@code update_migrated_volume}).
     */
    default ModelUpdate updateMigratedVolume(Volume volume, Volume newVolume,
                                             org.remotefs.api.model.VolumeStatus originalStatus) {
        throw RemoteFsException.unsupported(driverId(), "update_migrated_volume");
    }

    // ---------------------------------------------------------------- inspection (not in Cinder)

    /**
     * The configured shares and whether each is served now. Re-reads the shares configuration;
     * mounts nothing.
     */
    List<ShareState> shares();

    /**
     * Unmounts every configured share and mounts it again, for an operator who asks
     * ({@code remotefs backends --remount}): Cinder's GlusterFS driver did this at every setup,
     * under the feet of any other process using the share; here setup leaves a live mount alone
     * and mounts a stale one again, and this is the explicit request. A share not mounted is just
     * mounted; a share in use ("target is busy") is reported and stays mounted; a share that does
     * not mount again is reported, and the others are still remounted. Re-reads the shares
     * configuration.
     *
     * @return one outcome per configured share, in configuration order
     * @throws RemoteFsException {@link ErrorCode#UNSUPPORTED} when the driver's shares are not
     *                           mounts (local directories), before anything is done
     */
    default List<org.remotefs.api.model.ShareRemount> remountShares() {
        throw RemoteFsException.unsupported(driverId(), "remount_shares");
    }

    /**
     * Compares each volume's info file, its chain as the image headers describe it and its files
     * on the share ({@code remotefs check}); with {@code repair}, does what is provably safe under
     * the volume's lock and says what it did. Never deletes a file that may hold data.
     *
     * @param volumeIds the volumes to check; every volume on the served shares when empty
     * @return the findings, by share and volume; empty when nothing is wrong
     */
    default List<org.remotefs.api.model.CheckFinding> checkVolumes(List<String> volumeIds, boolean repair) {
        throw RemoteFsException.unsupported(driverId(), "check");
    }

    /**
     * Deletes every file of the volume by its file names ({@code volume-<id>} and
     * {@code volume-<id>.*}, links themselves, never what they point at) on every served share,
     * without reading its info file or chain: for a volume whose info file is unreadable or names
     * unsafe files ({@code volume delete --force}).
     *
     * @return the files deleted (paths)
     * @throws RemoteFsException {@link ErrorCode#VOLUME_NOT_FOUND} when no share holds a file of it
     */
    default List<String> forceDeleteVolume(String volumeId) {
        throw RemoteFsException.unsupported(driverId(), "force_delete_volume");
    }

    /**
     * Every volume found on the served shares, by scanning for {@code volume-<uuid>} files.
     * Changes nothing.
     */
    List<StoredVolume> listVolumes();

    /**
     * The volume with this id, found by scanning the served shares. Changes nothing.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_INPUT} when the id is not a UUID
     */
    Optional<StoredVolume> findVolume(String volumeId);

    /**
     * The volume's size in GiB when the snapshot was taken (Cinder's snapshot {@code volume_size}),
     * read from the volume's files without its lock. Changes nothing.
     *
     * @return empty when the driver does not know it, or the snapshot or its files are gone
     */
    default java.util.OptionalInt snapshotVolumeSize(StoredVolume volume, String snapshotId) {
        return java.util.OptionalInt.empty();
    }

    /**
     * Releases what this driver holds for itself (a lock service it made for its own
     * {@code lock_path}, ...). Host services handed in through the
     * {@link org.remotefs.api.spi.DriverContext} belong to the host and are not closed. Idempotent;
     * the driver is not used afterwards.
     */
    @Override
    default void close() {
    }
}
