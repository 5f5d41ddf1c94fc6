package org.remotefs.api.model;

/**
 * A configured share as the driver sees it now.
 *
 * @param address    the share string ({@code host:/export}, {@code //host/share}, a directory)
 * @param options    the share line's options, or null when it has none
 * @param mountPoint the local directory that holds the share's files
 * @param mounted    whether that directory serves the share now
 * @param origin     where the share was configured ({@code file:line}, or the options that named it)
 * @param unavailable why the share is unavailable (it did not answer within {@code share_io_timeout}),
 *                   or null when it answers
 */
public record ShareState(String address, String options, String mountPoint, boolean mounted, String origin,
                         String unavailable) {

    /** A share that answers. */
    public ShareState(String address, String options, String mountPoint, boolean mounted, String origin) {
        this(address, options, mountPoint, mounted, origin, null);
    }

    public ShareState {
        Checks.notBlank("share address", address);
        Checks.notBlank("share mount point", mountPoint);
        Checks.notBlank("share origin", origin);
    }
}
