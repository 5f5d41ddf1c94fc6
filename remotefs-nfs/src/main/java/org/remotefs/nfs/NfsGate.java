package org.remotefs.nfs;

import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.driver.OperationGate;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ProgramCheck;
import org.remotefs.core.volume.FileSecurity;

/**
 * Cinder's NFS conditions: {@code mount.nfs} must be installed; snapshots need
 * {@code nfs_snapshot_support}, and are incompatible with secure file operations.
 */
final class NfsGate implements OperationGate {
    private final CommandRunner runner;
    private final boolean snapshotSupport;

    NfsGate(CommandRunner runner, boolean snapshotSupport) {
        this.runner = runner;
        this.snapshotSupport = snapshotSupport;
    }

    @Override
    public void checkTools() {
        // Cinder runs it as root only to see whether it exists
        new ProgramCheck(runner).require("mount.nfs", true);
    }

    @Override
    public void checkSetup(FileSecurity security) {
        if (snapshotSupport && security.secureOperations()) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "nfs_snapshot_support is true and nas_secure_file_operations resolves to true: snapshots need"
                            + " file operations as root; set nas_secure_file_operations = false",
                    Map.of("option", "nfs_snapshot_support"));
        }
    }

    @Override
    public void check(String operation) {
        if (operation.equals("create_snapshot") && !snapshotSupport) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED,
                    "NFS driver snapshot support is disabled: set nfs_snapshot_support = true",
                    Map.of("option", "nfs_snapshot_support", "operation", operation));
        }
    }
}
