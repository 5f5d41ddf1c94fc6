package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What differs between NFS, SMB, GlusterFS and local directories: the share format, where a
 * share's files appear locally, and how it gets there. Everything else is core's. Implementations
 * are thread-safe.
 */
@ForBackends
public interface ShareProtocol {

    /** Cinder's {@code driver_volume_type}: {@code nfs}, {@code glusterfs}, {@code smbfs}, {@code local}. */
    String driverVolumeType();

    /** Cinder's {@code SHARE_FORMAT_REGEX}, matched at the start of an address. */
    Pattern shareFormat();

    /** The share form for messages, for instance {@code address:/export}. */
    String shareFormatHint();

    /**
     * The share named by {@code nas_host} and {@code nas_share_path}, when they name one. Cinder's
     * rule, the default: both set gives {@code <nas_host>:<nas_share_path>} with
     * {@code nas_mount_options} as its options. An IPv6 address is put in brackets
     * ({@code [fd00::1]:/export}), which Cinder leaves to the operator: without them the share
     * cannot be mounted.
     */
    default Optional<Share> nasShare(String nasHost, String nasSharePath, String nasMountOptions) {
        if (nasHost == null || nasHost.isEmpty() || nasSharePath == null || nasSharePath.isEmpty()) {
            return Optional.empty();
        }
        String host = nasHost.contains(":") && !nasHost.startsWith("[") ? "[" + nasHost + "]" : nasHost;
        return Optional.of(new Share(host + ":" + nasSharePath, nasMountOptions, "nas_host and nas_share_path"));
    }

    /** The local directory that holds the share's files. Pure: touches nothing. */
    Path mountPoint(Share share);

    /** The base directory reported to hosts as {@code mount_point_base}; empty when nothing is mounted. */
    Optional<Path> mountPointBase();

    /** Whether the share's files are reachable at its mount point now. */
    boolean isMounted(Share share);

    /**
     * Connection data beyond Cinder's {@code export}, {@code name}, {@code options} and
     * {@code format}, for the image at {@code activeImage}. None by default.
     */
    default java.util.Map<String, Object> extraConnectionData(Path activeImage) {
        return java.util.Map.of();
    }

    /**
     * Makes the share's files reachable at its mount point. Idempotent: a mounted share is left
     * as it is.
     *
     * @throws org.remotefs.api.RemoteFsException when it cannot
     */
    void mount(Share share);

    /**
     * A share's options as they may be shown — in {@code backends} output, logs and errors — with
     * every secret they hold masked (SMB: a password). Connection info alone carries the options as
     * configured. The options as they are by default (NFS and GlusterFS options hold no secret).
     */
    default String displayedOptions(Share share) {
        return share.options();
    }

    /**
     * Unmounts the share from its mount point, so that it can be mounted again
     * ({@link org.remotefs.api.VolumeDriver#remountShares()}). Idempotent: a share not mounted is
     * left alone. Never forced or lazy. The default is for protocols whose shares are no mounts
     * (local directories, links): {@code UNSUPPORTED}. A mounting protocol implements it with
     * core's {@link org.remotefs.core.mount.Unmounter}.
     *
     * @throws org.remotefs.api.RemoteFsException {@code UNSUPPORTED} when the protocol mounts
     *         nothing; {@code SHARE_IO_ERROR} naming the share when it is in use ("target is busy":
     *         it stays mounted) or {@code umount} fails
     */
    default void unmount(Share share) {
        throw new org.remotefs.api.RemoteFsException(org.remotefs.api.ErrorCode.UNSUPPORTED,
                "the shares of driver volume type '" + driverVolumeType() + "' are not mounts: nothing to unmount or remount",
                java.util.Map.of("share", share.address(), "operation", "remount_shares"));
    }

    /**
     * The pool name of a share when configuration maps none, for backends that report pools. The
     * share's address by default (localfs: its directory); SMB: the share's name after the host.
     */
    default String defaultPoolName(Share share) {
        return share.address();
    }
}
