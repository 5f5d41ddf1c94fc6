package org.remotefs.core.layout;

import org.remotefs.core.ForBackends;
import java.util.Optional;

/**
 * What a backend declares about its volume files beyond its capabilities: how they are named, and
 * which of its options (if any) names the format of a volume that asks for none.
 *
 * @param naming              the naming rule
 * @param defaultFormatOption the key of the backend's option naming its default volume format
 *                            ({@code raw|qcow2|vhd|vhdx}; blank = by {@code <prefix>_qcow2_volumes}),
 *                            as SMB's {@code smbfs_default_volume_format}; empty when it has none
 */
@ForBackends
public record FileLayout(FileNaming naming, Optional<String> defaultFormatOption) {

    /** Cinder's NFS layout: plain names, the format by {@code <prefix>_qcow2_volumes}. */
    public static FileLayout plain() {
        return new FileLayout(FileNaming.PLAIN_RAW_AND_QCOW2, Optional.empty());
    }
}
