package org.remotefs.core.volume;

import org.remotefs.core.ForBackends;

/**
 * The resolved secure-NAS settings (Cinder's {@code nas_secure_file_operations} and
 * {@code nas_secure_file_permissions} after the {@code auto} logic).
 *
 * @param secureOperations  true: file commands run as the service user; false: as root
 * @param securePermissions true: volume files get mode 660; false: {@code ugo+rw}
 */
@ForBackends
public record FileSecurity(boolean secureOperations, boolean securePermissions) {

    /** Whether file commands run as root. */
    public boolean asRoot() {
        return !secureOperations;
    }
}
