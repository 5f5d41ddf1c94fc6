package org.remotefs.api.model;

/**
 * What {@code remotefs check} found wrong with a volume's files ({@link CheckFinding}). The
 * constant's name is the stable code tools key on; it never changes meaning and is never reused.
 */
public enum FindingCode {
    /**
     * The info file is not a JSON object of strings. Repaired (the file moved to the quarantine, a
     * rebuilt one in its place) only when the chain proves the info file, as for
     * {@link #INFO_FILE_MISSING}; else {@code volume delete --force} removes the volume.
     */
    INFO_FILE_UNREADABLE,
    /**
     * The info file names something that is not a plain file of this volume in the share's
     * directory (a path, another volume's file, a symbolic link), or the volume's base file is a link.
     */
    UNSAFE_FILE,
    /** The info file names a file that is not on the share. */
    FILE_MISSING,
    /** The chain, walked from the active image, does not read or check (its error code is in the message). */
    CHAIN_BROKEN,
    /** An image of the volume is backed by the active image and recorded in the info file: active is not on top. */
    ACTIVE_NOT_ON_TOP,
    /** A recorded snapshot's file is not in the chain: it backs nothing the volume reads. */
    SNAPSHOT_NOT_IN_CHAIN,
    /** A temporary file ({@code .tmp-} name) an interrupted operation left. */
    TEMPORARY_FILE,
    /** An overlay of the volume that no info file records and nothing is backed by. */
    ORPHAN_OVERLAY,
    /** A clone's temporary snapshot {@code tmp-snap-<id>} still recorded on its source. */
    CLONE_TEMPORARY_SNAPSHOT,
    /** A snapshot delete stopped between {@code qemu-img commit} and the info file update (its journal says so). */
    INTERRUPTED_SNAPSHOT_DELETE,
    /** A journal that no longer matches the volume's files (another writer changed them): reported, never replayed. */
    STALE_JOURNAL,
    /**
     * A volume with overlays and no info file. Repaired only when the chain proves the info file
     * (every overlay named after its snapshot, one intact chain down to the base file); the
     * snapshot ids are then read from the names.
     */
    INFO_FILE_MISSING,
    /**
     * A clone stopped between its steps (its journal says so): its temporary snapshot on the source
     * and the new volume's temporary files are rolled back by {@code --repair}.
     */
    INTERRUPTED_CLONE,
    /** A volume delete stopped before all the volume's files were removed (its journal says so). */
    INTERRUPTED_VOLUME_DELETE
}
