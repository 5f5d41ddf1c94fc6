package org.remotefs.core.volume;

import org.remotefs.core.ForBackends;

/**
 * How a fully allocated (thick) raw volume file gets its blocks. Cinder's drivers differ: the NFS
 * driver writes zeros over the whole length ({@code dd if=/dev/zero}), the GlusterFS driver asks the
 * file system to reserve the blocks ({@code fallocate}), which takes a moment instead of a full
 * write, and writes zeros only where the file system does not support that. A backend chooses by
 * binding this type in its provider's {@code overrides()} module; core binds {@link #WRITE_ZEROS}.
 */
@ForBackends
public enum ThickAllocation {
    /** Zeros written over the whole length: Cinder's {@code dd if=/dev/zero of=<file> bs=1M count=<N*1024>}. */
    WRITE_ZEROS,
    /**
     * {@code fallocate --length=<N>G <file>}; when the file system answers "Operation not
     * supported", zeros are written as {@link #WRITE_ZEROS} does (Cinder's GlusterFS driver). Any
     * other failure of {@code fallocate} is an error.
     */
    FALLOCATE
}
