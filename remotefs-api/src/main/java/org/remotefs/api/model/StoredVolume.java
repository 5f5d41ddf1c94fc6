package org.remotefs.api.model;

import java.util.List;

/**
 * A volume as found on a share by its files: the share is the source of truth, there is no
 * database.
 *
 * @param id               the volume's UUID
 * @param name             its base file name ({@code volume-<id>})
 * @param size             its size in GiB: the active image's virtual size, rounded up
 * @param providerLocation the share it lives on
 * @param path             the absolute local path of the active image
 * @param activeFile       the active image's file name (the info file's {@code active}, else {@link #name()})
 * @param format           the active image's format as its header says ({@code raw}, {@code qcow2})
 * @param virtualSizeBytes the active image's virtual size in bytes
 * @param fileBytes        the apparent size of all the volume's files on the share (as {@code du --bytes} counts)
 * @param snapshotIds      the ids of its snapshots, oldest first
 */
public record StoredVolume(
        String id,
        String name,
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
        Checks.notBlank("provider location", providerLocation);
        Checks.notBlank("path", path);
        Checks.fileName("active file", activeFile);
        Checks.notBlank("format", format);
        snapshotIds = snapshotIds == null ? List.of() : List.copyOf(snapshotIds);
    }
}
