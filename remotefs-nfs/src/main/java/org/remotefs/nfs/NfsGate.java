package org.remotefs.nfs;

import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.driver.OperationGate;
import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandRunner;
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
        try {
            // Cinder runs it only to see whether it exists: any exit status but "command not found"
            // (127, what env and sudo answer for a missing program) will do
            int exitCode = runner.run(new Command(List.of("mount.nfs"), true, null, null, false).acceptingExitCodes(
                    java.util.stream.IntStream.range(0, 256).boxed().toArray(Integer[]::new))).exitCode();
            if (exitCode == 127) {
                throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                        "mount.nfs is not installed (exit status 127)", Map.of("tool", "mount.nfs"));
            }
        } catch (ProcessExecutionException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, "mount.nfs is not installed: " + e.getMessage(),
                    Map.of("tool", "mount.nfs"), e);
        }
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
