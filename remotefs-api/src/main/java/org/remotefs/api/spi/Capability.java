package org.remotefs.api.spi;

/**
 * What a driver can do, declared by its provider. Core refuses operations whose capability is not
 * declared; the TCK runs the contract of every declared capability and checks the refusal of
 * every other one.
 */
public enum Capability {
    /** Offline qcow2 snapshots: create and delete. */
    SNAPSHOTS,
    /** Snapshots of attached volumes through Nova (implies {@link #SNAPSHOTS}). */
    ONLINE_SNAPSHOTS,
    /** Clone a volume. */
    CLONE,
    /** Create a volume from a snapshot. */
    VOLUME_FROM_SNAPSHOT,
    /** Grow a volume. */
    EXTEND,
    /** Revert a volume to its latest snapshot. */
    REVERT,
    /** Sparse volume files. */
    THIN,
    /** Fully allocated volume files. */
    THICK,
    /** qcow2 volume files. */
    QCOW2,
    /**
     * VHD volumes (qemu's {@code vpc}), named {@code volume-<id>.vhd}, asked for per volume with the
     * {@code volume_format} extra spec: created, extended (through a raw copy), copied and deleted;
     * snapshots of them are refused with {@code INVALID_VOLUME}. Since SPI version 2.
     */
    VHD,
    /** VHDX volumes, named {@code volume-<id>.vhdx}, as {@link #VHD}. Since SPI version 2. */
    VHDX,
    /** One pool per share in the stats. */
    POOLS,
    /** Take over and release existing files. */
    MANAGE_EXISTING,
    /** Copy images to volumes and volumes to images. */
    IMAGE_COPY,
    /** LUKS-encrypted volumes. */
    ENCRYPTION,
    /** Rename a migrated volume's file to its original name. */
    MIGRATION
}
