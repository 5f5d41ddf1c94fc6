package org.remotefs.glusterfs;

import org.remotefs.core.driver.OperationGate;
import org.remotefs.core.exec.CommandRunner;
import org.remotefs.core.exec.ProgramCheck;

/** Cinder's GlusterFS setup condition: {@code mount.glusterfs} must be installed. */
final class GlusterGate implements OperationGate {
    private final CommandRunner runner;

    GlusterGate(CommandRunner runner) {
        this.runner = runner;
    }

    /** Runs {@code mount.glusterfs} as the service user, as Cinder does, only to see that it exists. */
    @Override
    public void checkTools() {
        new ProgramCheck(runner).require("mount.glusterfs", false);
    }
}
