package org.remotefs.api;

import java.util.Objects;

/**
 * Stable error codes. The enum constant's name is the code that tools key on (it appears as
 * {@code code} in the command line's JSON errors); {@link #cinderName()} is the name of the
 * Cinder exception that raises the same condition, so operators can match logs across the
 * Python and Java implementations. Codes are never renamed or reused; new ones are appended.
 */
public enum ErrorCode {
    /** The volume is in a state that does not allow the operation, or its file is not what it must be. */
    INVALID_VOLUME("InvalidVolume", ErrorType.USER_ERROR),
    /** The snapshot is in a state that does not allow the operation. */
    INVALID_SNAPSHOT("InvalidSnapshot", ErrorType.USER_ERROR),
    /** A request argument is malformed: a size that is not a positive number, an id that is not a UUID. */
    INVALID_INPUT("InvalidInput", ErrorType.USER_ERROR),
    /** An option has a wrong type or value, or a configuration file is missing or unreadable. */
    INVALID_CONFIGURATION_VALUE("InvalidConfigurationValue", ErrorType.USER_ERROR),
    /** No configured share could be mounted (or, for localfs, found). */
    NO_SHARES_MOUNTED("RemoteFSNoSharesMounted", ErrorType.EXTERNAL),
    /** Shares are mounted but none has room for the volume. */
    NO_SUITABLE_SHARE("RemoteFSNoSuitableShareFound", ErrorType.INSUFFICIENT_RESOURCES),
    /** An image in a volume's chain names a backing file outside the volume's own files. */
    INVALID_BACKING_FILE("RemoteFSInvalidBackingFile", ErrorType.USER_ERROR),
    /** Another operation is working on the same volume or snapshot. */
    CONCURRENT_REQUEST("RemoteFSConcurrentRequest", ErrorType.EXTERNAL),
    /** An image's format or size is not acceptable for the volume. */
    IMAGE_UNACCEPTABLE("ImageUnacceptable", ErrorType.USER_ERROR),
    /**
     * An external command failed: see {@link ProcessExecutionException}; its details name the
     * {@code command}, the {@code step} ({@code qemu-img commit}) and the {@code exit_code}.
     */
    PROCESS_EXECUTION("ProcessExecutionError", ErrorType.EXTERNAL),
    /** The driver does not support the operation (its provider does not declare the capability). */
    UNSUPPORTED("NotImplementedError", ErrorType.USER_ERROR),
    /** No volume with the given id exists on the backend's shares. */
    VOLUME_NOT_FOUND("VolumeNotFound", ErrorType.USER_ERROR),
    /** No snapshot with the given id exists. */
    SNAPSHOT_NOT_FOUND("SnapshotNotFound", ErrorType.USER_ERROR),
    /** A volume with the given id already exists on the backend's shares. */
    VOLUME_EXISTS("InvalidVolume", ErrorType.USER_ERROR),
    /** The volume could not be extended. */
    EXTEND_VOLUME_ERROR("ExtendVolumeError", ErrorType.EXTERNAL),
    /** No backend with the given name is configured. */
    BACKEND_NOT_FOUND("InvalidConfigurationValue", ErrorType.USER_ERROR),
    /** No driver provider with the given id is on the class path. */
    DRIVER_NOT_FOUND("VolumeDriverException", ErrorType.USER_ERROR),
    /** Two driver providers on the class path claim the same id. */
    DUPLICATE_DRIVER("VolumeDriverException", ErrorType.USER_ERROR),
    /** A driver provider could not be loaded or failed to build its driver. */
    DRIVER_LOAD_FAILED("VolumeDriverException", ErrorType.INTERNAL),
    /** A driver provider was built against an SPI version this runtime does not support. */
    INCOMPATIBLE_SPI_VERSION("VolumeDriverException", ErrorType.USER_ERROR),
    /** A file system operation on a share failed. */
    SHARE_IO_ERROR("RemoteFSException", ErrorType.EXTERNAL),
    /** The driver reached a state it cannot handle. */
    DRIVER_ERROR("VolumeBackendAPIException", ErrorType.INTERNAL),
    /** No image with the given id in the image service. */
    IMAGE_NOT_FOUND("ImageNotFound", ErrorType.USER_ERROR),
    /** The image service (Glance, a local directory) failed or could not be reached. */
    IMAGE_SERVICE_ERROR("GlanceConnectionFailed", ErrorType.EXTERNAL),
    /** The compute service (Nova) failed, could not be reached, or did not finish in time. */
    COMPUTE_SERVICE_ERROR("RemoteFSException", ErrorType.EXTERNAL),
    /** A conformance run found contracts the backend fails, or ran none. */
    CONFORMANCE_FAILED("RemoteFSException", ErrorType.USER_ERROR),
    /**
     * The host asked the operation to stop (SIGINT, SIGTERM) before it finished: its child
     * processes were stopped and what it had made was removed.
     */
    INTERRUPTED("VolumeBackendAPIException", ErrorType.EXTERNAL),
    /**
     * The lock service lost a lock the operation held (a distributed lock's session expired): the
     * operation stopped before its next write.
     */
    LOCK_LOST("RemoteFSConcurrentRequest", ErrorType.EXTERNAL),
    /**
     * {@code remotefs check} found something wrong with a volume's files that it did not (or,
     * without {@code --repair}, was not asked to) put right; the findings say what.
     */
    CHECK_FAILED("InvalidVolume", ErrorType.EXTERNAL),
    /**
     * A snapshot's delete was interrupted after its data was merged into the image below and before
     * the info file recorded it (its journal says so): the snapshot no longer holds its data and is
     * never used as a source. Retrying the delete, or {@code remotefs check --repair}, finishes it.
     */
    SNAPSHOT_DELETE_INTERRUPTED("InvalidSnapshot", ErrorType.USER_ERROR),
    /**
     * A share did not answer within {@code share_io_timeout} (a dead NFS server behind a hard
     * mount, a stopped FUSE server): it is skipped for placement, listings and stats, and a
     * command that needs it fails with this code naming it ({@code details.share}).
     */
    SHARE_UNAVAILABLE("RemoteFSException", ErrorType.EXTERNAL),
    /**
     * A share (or the conversion directory) is full: a step failed with {@code ENOSPC} ("No space
     * left on device"). The step is named in the message and in {@code details.step} (a command:
     * {@code qemu-img convert}) or {@code details.file} (an in-process write: an overlay, an info
     * file, a thick volume's zeros); what was there before is intact, and the
     * operation succeeds once space is freed. Cinder has no exception of its own for it and raises
     * its generic backend error.
     */
    NO_SPACE("VolumeBackendAPIException", ErrorType.INSUFFICIENT_RESOURCES),
    /**
     * Keystone refused the configured credentials (a wrong password, an unknown or expired
     * application credential), or a service refused a freshly issued token too. The message names
     * the {@code auth_url} and the user or application credential, never the secret.
     */
    AUTHENTICATION_FAILED("NotAuthorized", ErrorType.USER_ERROR);

    private final String cinderName;
    private final ErrorType type;

    ErrorCode(String cinderName, ErrorType type) {
        this.cinderName = Objects.requireNonNull(cinderName, "cinderName is null");
        this.type = Objects.requireNonNull(type, "type is null");
    }

    /** The Cinder exception class that stands for the same condition. */
    public String cinderName() {
        return cinderName;
    }

    /** Who can fix it. */
    public ErrorType type() {
        return type;
    }
}
