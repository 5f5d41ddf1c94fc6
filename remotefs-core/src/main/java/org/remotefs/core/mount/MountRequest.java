package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.Share;

/**
 * What {@link MountRunner#mount} is asked to do: mount a share at its mount point, trying the
 * command lines in order (a fall-back list such as NFS 4.2, then 4.1, then the options as given),
 * the whole list {@code rounds} times with {@code pause} between rounds.
 *
 * @param share      the share, named in errors
 * @param mountPoint where it must appear in {@code /proc/mounts}; compared as given, so it must be
 *                   the path the kernel lists (a resolved base, see {@link RealPath})
 * @param protocol   the protocol's name in errors ({@code NFS} gives "NFS mount failed for share ...")
 * @param commands   the command lines of one round, in the order they are tried; names unique
 * @param rounds     how many times the whole list is tried, at least 1
 * @param pause      how long to wait between two rounds (not after the last), zero or more
 * @param redaction  the secrets the command lines hold, masked in errors and logs
 */
@ForBackends
public record MountRequest(Share share, Path mountPoint, String protocol, List<MountCommand> commands, int rounds,
                           Duration pause, Redaction redaction) {

    /**
     * @throws RemoteFsException {@code INVALID_INPUT} naming the field when a value is missing,
     *                           there is no command, two commands share a name, rounds is below 1
     *                           or the pause is negative
     */
    public MountRequest {
        require(share != null, "share", "a mount request needs a share");
        require(mountPoint != null, "mount_point", "a mount request needs a mount point");
        require(protocol != null && !protocol.isBlank(), "protocol", "a mount request needs a protocol name");
        require(commands != null && !commands.isEmpty(), "commands", "a mount request needs at least one command");
        Set<String> names = new HashSet<>();
        for (MountCommand command : commands) {
            require(command != null, "commands", "a mount command is null");
            require(names.add(command.name()), "commands", "two mount commands are named " + command.name());
        }
        require(rounds >= 1, "rounds", "a mount request needs at least 1 round, not " + rounds);
        require(pause != null && !pause.isNegative(), "pause", "the pause between mount rounds must be zero or more");
        require(redaction != null, "redaction", "a mount request needs a redaction (Redaction.none() for no secret)");
        commands = List.copyOf(commands);
    }

    private static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, message, Map.of("field", field));
        }
    }
}
