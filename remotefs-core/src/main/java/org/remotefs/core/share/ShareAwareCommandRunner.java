package org.remotefs.core.share;

import java.nio.file.Path;

import org.remotefs.core.exec.Command;
import org.remotefs.core.exec.CommandResult;
import org.remotefs.core.exec.CommandRunner;

/**
 * Starts no process on a file of a hung share ({@link ShareCalls#requireServing}): a command whose
 * arguments name a path inside a share one of whose calls has not returned fails at once with
 * {@code SHARE_UNAVAILABLE} instead of starting a {@code qemu-img} that would block on it too. A
 * command that does start and then blocks on a share is ended as every command is: at its
 * {@code command_timeout_seconds}, or when the host asks to stop (SIGTERM, which ends a process
 * waiting on a stopped FUSE server or a hard NFS mount).
 */
public final class ShareAwareCommandRunner implements CommandRunner {
    private final CommandRunner delegate;
    private final ShareCalls calls;

    public ShareAwareCommandRunner(CommandRunner delegate, ShareCalls calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public CommandResult run(Command command) {
        for (String argument : command.arguments()) {
            // a path alone, or an option's value (of=<path>, --reference=<path>)
            String value = argument.startsWith("/") ? argument
                    : argument.indexOf("=/") > 0 ? argument.substring(argument.indexOf("=/") + 1) : null;
            if (value != null && !value.contains("\0")) {
                calls.requireServing(Path.of(value));
            }
        }
        return delegate.run(command);
    }
}
