package org.remotefs.core.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.inject.Singleton;

/**
 * Cinder's secure-NAS decision ({@code _determine_nas_security_option_setting}). {@code true} and
 * {@code false} pass through. For {@code auto}: the indicator file {@code .cinderSecureEnvIndicator}
 * in the first share's mount point means true; otherwise a new install creates it and means
 * true, and an existing install means false.
 *
 * <p>Cinder calls an install "new" when its whole database holds no volume. There is no database
 * here: an install is new when the backend's shares hold no volume file — the same question asked
 * of the source of truth, and per backend rather than per cloud.
 */
@Singleton
public final class NasSecurity {
    public static final String INDICATOR = ".cinderSecureEnvIndicator";
    private static final Logger LOG = LoggerFactory.getLogger(NasSecurity.class);
    private static final String INDICATOR_TEXT =
            "Detector file for Cinder secure environment usage.\nDo not delete this file.\n";

    private final org.remotefs.core.share.ShareCalls calls;

    /** Looks and writes on the caller's thread, without a deadline. */
    public NasSecurity() {
        this(org.remotefs.core.share.ShareCalls.unbounded());
    }

    /** @param calls bounds the indicator's look and write by the share's deadline ({@code share_io_timeout}) */
    @jakarta.inject.Inject
    public NasSecurity(org.remotefs.core.share.ShareCalls calls) {
        this.calls = calls;
    }

    /**
     * @param option     the option name, for messages
     * @param value      {@code auto}, {@code true} or {@code false}
     * @param mountPoint the first mounted share's mount point
     * @param newInstall whether the backend holds no volume yet
     */
    public boolean resolve(String option, String value, Path mountPoint, boolean newInstall) {
        if (!"auto".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        Path indicator = mountPoint.resolve(INDICATOR);
        if (calls.bounded(indicator, () -> Files.isRegularFile(indicator))) {
            return true;
        }
        if (!newInstall) {
            LOG.warn("{} is auto and {} holds volumes but no {}: it resolves to false. See the admin guide's"
                    + " blockstorage-nfs-backend page before turning it on.", option, mountPoint, INDICATOR);
            return false;
        }
        try {
            calls.run(indicator, () -> Files.writeString(indicator, INDICATOR_TEXT, StandardCharsets.UTF_8));
        } catch (AccessDeniedException e) {
            LOG.warn("{} is auto but {} cannot be written ({}): it resolves to false", option, indicator, e.getMessage());
            return false;
        } catch (IOException e) {
            // Cinder leaves the setting true on other IO errors; so do we, and say so.
            LOG.warn("{} is auto and writing {} failed ({}): it resolves to true as in Cinder", option, indicator,
                    e.getMessage());
            return true;
        }
        try {
            calls.run(indicator, () -> Files.setPosixFilePermissions(indicator,
                    PosixFilePermissions.fromString("rw-r-----")));
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot chmod 640 " + indicator + ": " + e,
                    Map.of("file", indicator.toString()), e);
        }
        return true;
    }
}
