package org.remotefs.api.model;

/** Cinder's snapshot statuses. */
public enum SnapshotStatus {
    CREATING("creating"),
    AVAILABLE("available"),
    DELETING("deleting"),
    DELETED("deleted"),
    ERROR("error"),
    ERROR_DELETING("error_deleting"),
    BACKING_UP("backing-up"),
    RESTORING("restoring"),
    UNMANAGING("unmanaging");

    private final String cinderName;

    SnapshotStatus(String cinderName) {
        this.cinderName = cinderName;
    }

    public String cinderName() {
        return cinderName;
    }
}
