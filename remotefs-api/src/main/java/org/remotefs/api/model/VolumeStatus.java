package org.remotefs.api.model;

import java.util.Arrays;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** Cinder's volume statuses, with their exact strings. */
public enum VolumeStatus {
    CREATING("creating"),
    AVAILABLE("available"),
    RESERVED("reserved"),
    ATTACHING("attaching"),
    DETACHING("detaching"),
    IN_USE("in-use"),
    MAINTENANCE("maintenance"),
    DELETING("deleting"),
    AWAITING_TRANSFER("awaiting-transfer"),
    ERROR("error"),
    ERROR_DELETING("error_deleting"),
    BACKING_UP("backing-up"),
    RESTORING_BACKUP("restoring-backup"),
    ERROR_BACKING_UP("error_backing-up"),
    ERROR_RESTORING("error_restoring"),
    ERROR_EXTENDING("error_extending"),
    DOWNLOADING("downloading"),
    UPLOADING("uploading"),
    RETYPING("retyping"),
    EXTENDING("extending"),
    REVERTING("reverting");

    private final String cinderName;

    VolumeStatus(String cinderName) {
        this.cinderName = cinderName;
    }

    /** The string Cinder stores, for instance {@code in-use}. */
    public String cinderName() {
        return cinderName;
    }

    /** Parses Cinder's string; an unknown one is {@link ErrorCode#INVALID_INPUT}. */
    public static VolumeStatus fromCinderName(String name) {
        return Arrays.stream(values()).filter(s -> s.cinderName.equals(name)).findFirst()
                .orElseThrow(() -> new RemoteFsException(ErrorCode.INVALID_INPUT,
                        "unknown volume status '" + name + "'", Map.of("status", String.valueOf(name))));
    }
}
