package org.remotefs.core.driver;

import org.remotefs.core.ForBackends;

import org.remotefs.core.volume.FileSecurity;

/**
 * A backend's own conditions on operations and on setup, beyond its declared capabilities (NFS:
 * {@code nfs_snapshot_support}, {@code mount.nfs} installed). Core's default lets everything through.
 */
@ForBackends
public interface OperationGate {

    /**
     * Checked first at setup, before any share is mounted: the tools the backend needs (as Cinder
     * checks for {@code mount.nfs} before mounting, so a missing tool is named as such rather
     * than reported as shares that would not mount).
     */
    default void checkTools() {
    }

    /** Checked at setup, with the resolved secure-NAS settings. */
    default void checkSetup(FileSecurity security) {
    }

    /**
     * Checked before an operation ({@code create_snapshot}, ...).
     *
     * @throws org.remotefs.api.RemoteFsException when the configuration does not allow it
     */
    default void check(String operation) {
    }

    /** Lets everything through. */
    static OperationGate open() {
        return new OperationGate() {
        };
    }
}
