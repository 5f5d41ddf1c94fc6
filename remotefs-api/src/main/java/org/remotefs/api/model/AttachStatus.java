package org.remotefs.api.model;

/**
 * Cinder's attach statuses. "Attached" decides the online (Nova-assisted) snapshot path, not the
 * volume status.
 */
public enum AttachStatus {
    ATTACHED("attached"),
    ATTACHING("attaching"),
    DETACHED("detached"),
    DETACHING("detaching"),
    RESERVED("reserved"),
    ERROR_ATTACHING("error_attaching"),
    ERROR_DETACHING("error_detaching");

    private final String cinderName;

    AttachStatus(String cinderName) {
        this.cinderName = cinderName;
    }

    public String cinderName() {
        return cinderName;
    }
}
