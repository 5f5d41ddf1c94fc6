package org.remotefs.api;

/**
 * The broad class of an {@link ErrorCode}: who can fix the problem.
 */
public enum ErrorType {
    /** The caller's input or the operator's configuration is wrong; retrying unchanged fails again. */
    USER_ERROR,
    /** Something outside the driver failed: a command, a share, a remote service. */
    EXTERNAL,
    /** Not enough space, shares or time to carry out the request. */
    INSUFFICIENT_RESOURCES,
    /** A bug or an unexpected state inside the driver. */
    INTERNAL
}
