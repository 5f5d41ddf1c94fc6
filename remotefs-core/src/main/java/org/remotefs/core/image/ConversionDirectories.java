package org.remotefs.core.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Where image conversions get their private directories: in the configured
 * {@code image_conversion_dir}, or, when it is empty, in the system's temporary directory. A
 * configured directory is used as given and never created: it must exist, be a directory, and
 * not be writable by every user, since a directory others may write into lets them plant or
 * swap entries beside ours.
 */
public final class ConversionDirectories {
    static final String OPTION = "image_conversion_dir";

    private final Optional<Path> configured;
    private final Path systemTemporary;

    /**
     * @param configured      {@code image_conversion_dir}, empty when unset
     * @param systemTemporary the system's temporary directory ({@code java.io.tmpdir}), used when
     *                        nothing is configured
     */
    public ConversionDirectories(Optional<Path> configured, Path systemTemporary) {
        this.configured = configured;
        this.systemTemporary = systemTemporary;
    }

    /**
     * Checks the configured directory; changes nothing.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_CONFIGURATION_VALUE} naming the option
     *         when it is missing, not a directory or writable by every user
     */
    public void check() {
        if (configured.isEmpty()) {
            return;
        }
        Path directory = configured.get();
        PosixFileAttributes attributes;
        try {
            // links are followed: what counts is the directory the files will land in
            attributes = Files.readAttributes(directory, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw invalid(directory, "it does not exist (it is not created: make it, owned by the service user)");
        } catch (IOException e) {
            throw invalid(directory, "it cannot be read: " + e);
        }
        if (!attributes.isDirectory()) {
            throw invalid(directory, "it is not a directory");
        }
        if (attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            throw invalid(directory, "it is writable by every user (o+w); give it to the service user alone,"
                    + " or leave the option empty for a private directory in the system's temporary directory");
        }
    }

    /** Checks the configured directory again (it may have changed since setup) and makes a fresh private one in it. */
    public ConversionDirectory create() {
        check();
        return ConversionDirectory.createIn(configured.orElse(systemTemporary));
    }

    private static RemoteFsException invalid(Path directory, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                OPTION + " = '" + directory + "' is invalid: " + why,
                Map.of("option", OPTION, "value", directory.toString()));
    }
}
