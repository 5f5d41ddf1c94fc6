package org.remotefs.smb;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.remotefs.core.mount.MountCommand;
import org.remotefs.core.mount.MountRequest;
import org.remotefs.core.mount.MountRunner;
import org.remotefs.core.mount.Redaction;
import org.remotefs.core.share.Share;

/**
 * Mounts an SMB share as Cinder's Linux SMB driver and os-brick did, once (no retries):
 * {@code mount -t cifs [-o <smbfs_mount_options>] [-o <share options rewritten>] <share> <mount point>},
 * the share's options rewritten by {@link SmbShareOptions} and any password passed through a
 * {@link CredentialsFile} that is removed right after the command. What core's
 * {@link MountRunner} adds (mkdir -p, the mount table checks, busy or already mounted) is
 * described there; the password is masked in everything it logs or throws.
 */
final class SmbMounter {
    private final MountRunner mountRunner;
    private final String mountOptions;
    private final Path credentialsParent;

    /**
     * @param mountOptions      {@code smbfs_mount_options}, or null/blank for none
     * @param credentialsParent where credentials files are made, each in a private directory
     */
    SmbMounter(MountRunner mountRunner, String mountOptions, Path credentialsParent) {
        this.mountRunner = mountRunner;
        this.mountOptions = mountOptions;
        this.credentialsParent = credentialsParent;
    }

    void mount(Share share, Path mountPoint) {
        Optional<SmbShareOptions.CifsOptions> options = SmbShareOptions.rewrite(share);
        boolean inFile = options.map(SmbShareOptions.CifsOptions::inFile).orElse(false);
        try (CredentialsFile file = inFile
                ? CredentialsFile.write(credentialsParent, share, options.get().credentials().orElseThrow()) : null) {
            List<String> arguments = new ArrayList<>(List.of("mount", "-t", "cifs"));
            if (mountOptions != null && !mountOptions.isBlank()) {
                arguments.add("-o");
                arguments.add(mountOptions.strip());
            }
            if (options.isPresent()) {
                arguments.add("-o");
                arguments.add(options.get().optionValue(file == null ? null : file.path().toString()));
            }
            arguments.add(share.address());
            arguments.add(mountPoint.toString());
            List<String> secrets = options.map(SmbShareOptions.CifsOptions::secrets).orElse(List.of());
            mountRunner.mount(new MountRequest(share, mountPoint, "SMB", List.of(new MountCommand("cifs", arguments)),
                    1, Duration.ZERO, new Redaction(secrets)));
        }
    }
}
