package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.Share;

/**
 * Checks that the service can write to a mounted share's root, as Cinder's GlusterFS driver does
 * after mounting ({@code _ensure_share_writable}): it creates and removes
 * {@code .cinder-write-test-<pid>-<random>} there, as the service user (not as root, since the
 * point is whether the service itself can write). Backends may call it after mounting, and after
 * {@link MountRootPermissions#ensureGroupWritable}.
 */
@ForBackends
public final class MountRootWriteCheck {
    private final long pid;
    private final LongSupplier random;
    private final org.remotefs.core.share.ShareCalls calls;

    /** For this process: its PID goes into the test file's name, as in Cinder's, then a random number. */
    public MountRootWriteCheck() {
        this(org.remotefs.core.share.ShareCalls.unbounded());
    }

    /** @param calls bounds the test file's create and remove by the share's deadline ({@code share_io_timeout}) */
    public MountRootWriteCheck(org.remotefs.core.share.ShareCalls calls) {
        this(ProcessHandle.current().pid(), new SecureRandom()::nextLong, calls);
    }

    /** With a given PID and source of the random part (tests). */
    MountRootWriteCheck(long pid, LongSupplier random) {
        this(pid, random, org.remotefs.core.share.ShareCalls.unbounded());
    }

    private MountRootWriteCheck(long pid, LongSupplier random, org.remotefs.core.share.ShareCalls calls) {
        this.pid = pid;
        this.random = random;
        this.calls = calls;
    }

    /**
     * Creates and removes a test file in the mount root. Idempotent and leaves nothing behind
     * (the file is removed even when the check fails after creating it); a file that already has
     * the test file's name is never touched.
     *
     * @param share     the share, named in errors
     * @param mountRoot its mounted root directory
     * @throws RemoteFsException {@code SHARE_IO_ERROR} with details {@code share} and
     *         {@code mount_point} when the file cannot be created or removed: a read-only share, a
     *         root the service may not write to, a missing directory
     */
    public void check(Share share, Path mountRoot) {
        Path probe = null;
        try {
            Path name = mountRoot.resolve(".cinder-write-test-" + pid + "-" + Long.toUnsignedString(random.getAsLong()));
            // created new, never opened if present: what exists under that name is someone else's
            probe = calls.call(name, () -> Files.createFile(name));
            Path created = probe;
            calls.run(created, () -> Files.delete(created));
        } catch (IOException e) {
            deleteQuietly(probe);
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "share " + share.address() + " at " + mountRoot
                    + " is not writable by the volume service (" + e + "); snapshot operations will not be supported",
                    Map.of("share", share.address(), "mount_point", mountRoot.toString()), e);
        }
    }

    private void deleteQuietly(Path probe) {
        if (probe == null) {
            return;
        }
        try {
            calls.run(probe, () -> Files.deleteIfExists(probe));
        } catch (IOException | RuntimeException ignored) {
            // the check's own error is the one to report
        }
    }
}
