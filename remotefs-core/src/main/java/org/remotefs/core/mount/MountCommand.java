package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * One mount command line to try, built by the protocol as a plain argument list
 * ({@code mount -t nfs -o vers=4,minorversion=2 host:/export /mnt/<md5>}), under the name that
 * reports its error ({@code nfs_4.2}, as os-brick names its NFS attempts). The
 * {@link MountRunner} runs it as root through the root helper.
 *
 * @param name      names the attempt in errors and logs; unique within one {@link MountRequest}
 * @param arguments the program and its arguments; may hold secrets, which the request's
 *                  {@link Redaction} masks wherever the command is shown
 */
@ForBackends
public record MountCommand(String name, List<String> arguments) {

    /**
     * @throws RemoteFsException {@code INVALID_INPUT} naming the field when the name is blank or
     *                           there are no arguments
     */
    public MountCommand {
        if (name == null || name.isBlank()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "a mount command needs a name", Map.of("field", "name"));
        }
        if (arguments == null || arguments.isEmpty()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "mount command " + name + " has no arguments",
                    Map.of("field", "arguments"));
        }
        arguments = List.copyOf(arguments);
    }

    /** The name only: the arguments may hold a secret. */
    @Override
    public String toString() {
        return "MountCommand[" + name + "]";
    }
}
