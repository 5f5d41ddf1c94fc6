package org.remotefs.core.localfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.Share;
import org.remotefs.core.share.ShareProtocol;

/**
 * Shares that are local directories: nothing is mounted, a share's files are in the directory its
 * address names, and a missing directory is created (as a mount point would be). The share
 * address is an absolute path; {@code nas_share_path} alone names one share.
 */
public final class LocalFsProtocol implements ShareProtocol {
    private static final Pattern FORMAT = Pattern.compile("/.+");

    @Override
    public String driverVolumeType() {
        return "local";
    }

    @Override
    public Pattern shareFormat() {
        return FORMAT;
    }

    @Override
    public String shareFormatHint() {
        return "/absolute/directory/path";
    }

    @Override
    public Optional<Share> nasShare(String nasHost, String nasSharePath, String nasMountOptions) {
        if (nasSharePath == null || nasSharePath.isEmpty()) {
            return Optional.empty();
        }
        if (nasHost != null && !nasHost.isEmpty()) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "localfs shares are local directories: leave nas_host empty and set nas_share_path only",
                    Map.of("option", "nas_host"));
        }
        return Optional.of(new Share(nasSharePath, nasMountOptions, "nas_share_path"));
    }

    @Override
    public Path mountPoint(Share share) {
        return Path.of(share.address()).normalize();
    }

    @Override
    public Optional<Path> mountPointBase() {
        return Optional.empty();
    }

    @Override
    public boolean isMounted(Share share) {
        return Files.isDirectory(mountPoint(share));
    }

    @Override
    public void mount(Share share) {
        Path directory = mountPoint(share);
        try {
            if (!Files.isDirectory(directory)) {
                // only when missing: on an existing directory createDirectories throws and catches
                // an exception, the larger part of a stats call's cost
                Files.createDirectories(directory);
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR,
                    "localfs share " + share.address() + " (" + share.origin() + ") is not a usable directory: " + e,
                    Map.of("share", share.address()), e);
        }
        if (!Files.isWritable(directory)) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR,
                    "localfs share " + share.address() + " (" + share.origin() + ") is not writable",
                    Map.of("share", share.address()));
        }
    }

    /** os-brick's local connector attaches by {@code device_path}. */
    @Override
    public Map<String, Object> extraConnectionData(Path activeImage) {
        return Map.of("device_path", activeImage.toString());
    }
}
