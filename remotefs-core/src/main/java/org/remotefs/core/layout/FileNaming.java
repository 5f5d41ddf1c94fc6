package org.remotefs.core.layout;

import org.remotefs.core.ForBackends;
import org.remotefs.core.volume.VolumeFormat;

/**
 * How a backend names its volumes' files: which formats carry their extension in the name. The
 * format of a base file is always known from its name or from the backend's configuration, never
 * from a header a guest could have written.
 */
@ForBackends
public enum FileNaming {
    /**
     * Cinder's NFS (and GlusterFS) names: raw and qcow2 volumes are {@code volume-<id>} — which of
     * the two is the backend's configuration (or the volume's recorded format) — and formats a name
     * must tell apart carry their extension ({@code volume-<id>.vhd}, {@code volume-<id>.vhdx}).
     */
    PLAIN_RAW_AND_QCOW2,
    /**
     * Cinder's SMB names: every volume file carries its format's extension ({@code volume-<id>.qcow2},
     * overlays {@code volume-<id>.<snapshot id>.qcow2}, info file {@code volume-<id>.qcow2.info}).
     */
    EVERY_FORMAT_BY_EXTENSION;

    /** The extension, with its dot, a new base file of {@code format} gets; empty for none. */
    public String extensionOf(VolumeFormat format) {
        return namedByExtension(format) ? format.dottedExtension() : "";
    }

    /** Whether a file name tells {@code format} apart from the others. */
    public boolean namedByExtension(VolumeFormat format) {
        return this == EVERY_FORMAT_BY_EXTENSION || (format != VolumeFormat.RAW && format != VolumeFormat.QCOW2);
    }

    /** The name an option spells it with: {@code plain} or {@code extension}. */
    public String optionValue() {
        return this == PLAIN_RAW_AND_QCOW2 ? "plain" : "extension";
    }
}
