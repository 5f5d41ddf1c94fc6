package org.remotefs.api.spi;

import java.util.Map;

/**
 * The compute service's part in snapshots of attached volumes (Nova's
 * {@code os-assisted-volume-snapshots}): the hypervisor switches the running guest to the new
 * overlay, or merges overlays while the guest runs, and reports back through the snapshot's
 * status. A host service the runtime hands to drivers through {@link DriverContext}.
 * Implementations are thread-safe.
 *
 * <p>Errors: {@link org.remotefs.api.RemoteFsException} with {@code COMPUTE_SERVICE_ERROR}.
 */
public interface ComputeAssist {

    /**
     * Asks the compute service to switch the volume's guest to a new overlay.
     *
     * @param createInfo Cinder's {@code create_info}: {@code type} ({@code qcow2}), {@code new_file}
     *                   (the overlay's bare name), {@code snapshot_id}
     */
    void createSnapshot(String volumeId, Map<String, Object> createInfo);

    /**
     * Asks the compute service to merge a snapshot away while the guest runs.
     *
     * @param deleteInfo Cinder's {@code delete_info}: {@code type}, {@code volume_id},
     *                   {@code file_to_merge} and {@code merge_target_file} (bare names or null)
     */
    void deleteSnapshot(String snapshotId, Map<String, Object> deleteInfo);

    /**
     * The snapshot's status and progress as the compute service last reported them (Cinder keeps
     * them in the snapshot's database row; Nova sets {@code progress} to {@code 90%} when its part
     * is done).
     */
    SnapshotProgress status(String snapshotId);

    /**
     * A snapshot's reported state.
     *
     * @param status   {@code creating}, {@code deleting}, {@code error}, {@code error_deleting}, ...
     * @param progress {@code 90%} when the compute service finished, or null
     */
    record SnapshotProgress(String status, String progress) {
    }
}
