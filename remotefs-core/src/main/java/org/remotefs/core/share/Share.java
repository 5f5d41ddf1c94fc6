package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.util.Objects;

/**
 * A configured share.
 *
 * @param address the share string exactly as Cinder keeps it (after its {@code \040} decoding):
 *                its MD5 names the mount point, so it is never normalised
 * @param options the rest of the share line, stripped, or null when the line has none (Cinder's None)
 * @param origin  where it was configured: {@code file:line}, or the options that named it
 */
@ForBackends
public record Share(String address, String options, String origin) {

    public Share {
        Objects.requireNonNull(address, "address is null");
        Objects.requireNonNull(origin, "origin is null");
    }
}
