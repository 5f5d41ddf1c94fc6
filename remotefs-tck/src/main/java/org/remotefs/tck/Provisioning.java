package org.remotefs.tck;

/** How the backend under test makes new volume files; a binding maps each to its own options. */
public enum Provisioning {
    /** Sparse raw files (Cinder's {@code <prefix>_sparsed_volumes = true}). */
    THIN,
    /** Fully allocated raw files. */
    THICK,
    /** qcow2 files ({@code <prefix>_qcow2_volumes = true}). */
    QCOW2
}
