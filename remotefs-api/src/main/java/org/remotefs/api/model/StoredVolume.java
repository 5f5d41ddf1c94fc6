package org.remotefs.api.model;

import java.util.List;

/**
 * A volume as found on a share by its files: the share is the source of truth, there is no
 * database.
 *
 * @param id               the volume's UUID
 * @param name             its name, {@code volume-<id>} (Cinder's {@code volume.name}: what a
 *                         {@link Volume} of it carries)
 * @param baseFile         its base file's name: its name, or its name and an extension where the
 *                         backend's naming rule gives one ({@code volume-<id>.vhdx}); since SPI version 2
 * @param size             its size in GiB: the active image's virtual size, rounded up
 * @param providerLocation the share it lives on
 * @param path             the absolute local path of the active image
 * @param activeFile       the active image's file name (the info file's {@code active}, else {@link #baseFile()})
 * @param format           the active image's format, as Cinder names it ({@code raw}, {@code qcow2},
 *                         {@code vhd}, {@code vhdx}): by its file name or the backend's
 *                         configuration where they tell it, else as its header says
 * @param virtualSizeBytes the active image's virtual size in bytes
 * @param fileBytes        the apparent size of all the volume's files on the share (as {@code du --bytes} counts)
 * @param snapshotIds      the ids of its snapshots, oldest first
 */
public record StoredVolume(
        String id,
        String name,
        String baseFile,
        int size,
        String providerLocation,
        String path,
        String activeFile,
        String format,
        long virtualSizeBytes,
        long fileBytes,
        List<String> snapshotIds) {

    public StoredVolume {
        id = Checks.uuid("volume id", id);
        Checks.fileName("volume name", name);
        Checks.fileName("base file", baseFile);
        if (!baseFile.startsWith(name)) {
            throw new org.remotefs.api.RemoteFsException(org.remotefs.api.ErrorCode.INVALID_INPUT,
                    "base file " + baseFile + " is not a file of volume " + name, java.util.Map.of("base_file", baseFile));
        }
        Checks.notBlank("provider location", providerLocation);
        Checks.notBlank("path", path);
        Checks.fileName("active file", activeFile);
        Checks.notBlank("format", format);
        snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
    }

    /** SPI version 1's form: the base file is the name. */
    public StoredVolume(String id, String name, int size, String providerLocation, String path, String activeFile,
                        String format, long virtualSizeBytes, long fileBytes, List<String> snapshotIds) {
        this(id, name, name, size, providerLocation, path, activeFile, format, virtualSizeBytes, fileBytes, snapshotIds);
    }
}
