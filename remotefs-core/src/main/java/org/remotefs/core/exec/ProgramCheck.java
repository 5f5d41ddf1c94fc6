package org.remotefs.core.exec;

import org.remotefs.core.ForBackends;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.ProcessExecutionException;
import org.remotefs.api.RemoteFsException;

/**
 * Checks that a program a backend needs is installed, the way Cinder checks for
 * {@code mount.nfs} and {@code mount.glusterfs} at setup: it runs the program without arguments
 * and only looks at whether it could be run. Any exit status counts as installed but "command not
 * found" (127, what {@code env} and {@code sudo} answer for a missing program), and so does
 * anything but a program that cannot be started at all.
 */
@ForBackends
public final class ProgramCheck {
    private final CommandRunner runner;

    public ProgramCheck(CommandRunner runner) {
        this.runner = runner;
    }

    /**
     * @param program the program's name, looked up on the {@code PATH}
     * @param asRoot  whether to run it through the root helper (NFS: Cinder runs {@code mount.nfs}
     *                as root; GlusterFS: {@code mount.glusterfs} as the service user)
     * @throws RemoteFsException {@link ErrorCode#INVALID_CONFIGURATION_VALUE} with detail
     *         {@code tool} naming the program when it is not installed
     */
    public void require(String program, boolean asRoot) {
        try {
            int exitCode = runner.run(new Command(List.of(program), asRoot, null, null, false)
                    .acceptingExitCodes(IntStream.range(0, 256).boxed().toArray(Integer[]::new))).exitCode();
            if (exitCode == 127) {
                throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                        program + " is not installed (exit status 127)", Map.of("tool", program));
            }
        } catch (ProcessExecutionException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, program + " is not installed: "
                    + e.getMessage(), Map.of("tool", program), e);
        }
    }
}
