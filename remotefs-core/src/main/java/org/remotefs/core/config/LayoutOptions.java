package org.remotefs.core.config;

import org.remotefs.core.ForBackends;

/**
 * Which options choose the layout of a backend's new volume files. Cinder's NFS-like drivers read
 * two booleans under their prefix; its GlusterFS (and Windows SMB) driver reads one choice that all
 * NAS drivers share, {@code nas_volume_prov_type}. A provider declares one of the two sets
 * ({@code RemoteFsDriverProvider.layoutOptions()}); the options of the other are then not options
 * of its driver, so an operator never sets a key that would be ignored.
 */
@ForBackends
public enum LayoutOptions {
    /**
     * {@code <prefix>_sparsed_volumes} and {@code <prefix>_qcow2_volumes}, qcow2 winning over
     * sparsed (Cinder's NFS driver; localfs).
     */
    SPARSED_AND_QCOW2,
    /**
     * {@code nas_volume_prov_type}: {@code thin} gives qcow2 files with
     * {@code preallocation=metadata} and reports thin provisioning, {@code thick} fully allocated
     * raw files and reports thick provisioning (Cinder's GlusterFS driver).
     */
    NAS_VOLUME_PROV_TYPE
}
