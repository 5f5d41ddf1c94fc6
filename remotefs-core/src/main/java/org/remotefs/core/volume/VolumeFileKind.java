package org.remotefs.core.volume;

/** How a new volume file is laid out. */
public enum VolumeFileKind {
    /** A sparse raw file: {@code truncate -s <N>G}. */
    SPARSE,
    /** A fully written raw file: {@code dd if=/dev/zero bs=1M count=<N*1024>}. */
    THICK,
    /** A qcow2 image with its metadata preallocated: {@code qemu-img create -f qcow2 -o preallocation=metadata}. */
    QCOW2;

    /** The format Cinder records in {@code admin_metadata['format']}. */
    public String adminFormat() {
        return this == QCOW2 ? "qcow2" : "raw";
    }
}
