package org.remotefs.smb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.Share;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code mount.cifs} credentials file for one mount ({@code credentials=<file>}): lines
 * {@code username=}, {@code password=} and {@code domain=}, each value taken by mount.cifs up to the
 * end of its line, so a password may hold {@code =}, {@code ,} and spaces. Created with mode 0600 in
 * a fresh directory of mode 0700 (both from their creation: there is no moment another user could
 * read them), and removed with its directory by {@link #close()}, right after the mount command.
 */
final class CredentialsFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsFile.class);

    private final Path directory;
    private final Path file;

    private CredentialsFile(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
    }

    /**
     * @param parent where the private directory is made (the system's temporary directory)
     * @throws RemoteFsException {@code SHARE_IO_ERROR} naming the share when it cannot be written
     */
    static CredentialsFile write(Path parent, Share share, SmbShareOptions.Credentials credentials) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory(parent, "remotefs-cifs-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = Files.createFile(directory.resolve("credentials"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            StringBuilder text = new StringBuilder();
            text.append("username=").append(credentials.username()).append('\n');
            if (credentials.password() != null) {
                text.append("password=").append(credentials.password()).append('\n');
            }
            if (credentials.domain() != null) {
                text.append("domain=").append(credentials.domain()).append('\n');
            }
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return new CredentialsFile(directory, file);
        } catch (IOException | UnsupportedOperationException e) {
            new CredentialsFile(directory, directory == null ? null : directory.resolve("credentials")).close();
            // the exception names the path only, never the content
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot write the credentials file to mount SMB share "
                    + share.address() + " (" + share.origin() + "): " + e, Map.of("share", share.address()), e);
        }
    }

    Path path() {
        return file;
    }

    /** Removes the file and its directory. */
    @Override
    public void close() {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
            if (directory != null) {
                Files.deleteIfExists(directory);
            }
        } catch (IOException e) {
            LOG.error("could not remove the credentials file {}: {}", file, e.toString());
        }
    }
}
