package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Mount-point names shared by Cinder, os-brick and Nova: the lower-case hex MD5 of the exact share
 * string (UTF-8, no normalisation: a trailing slash or another case is another directory) under
 * the service's mount point base.
 */
@ForBackends
public final class MountPoints {
    private MountPoints() {
    }

    /** The directory name of a share: 32 lower-case hex digits. */
    public static String hashName(String shareAddress) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(shareAddress.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    /** The mount point of a share under a base. */
    public static Path under(Path base, String shareAddress) {
        return base.resolve(hashName(shareAddress));
    }
}
