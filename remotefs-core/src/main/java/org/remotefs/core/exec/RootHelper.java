package org.remotefs.core.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The prefix that runs a command as root (Cinder's {@code root_helper}, for instance
 * {@code sudo} or {@code sudo cinder-rootwrap /etc/cinder/rootwrap.conf}). Empty: commands that
 * would run as root run as the current user, which is right when the service already is root or
 * the share does not need it (localfs).
 *
 * @param prefix the helper's argument list
 */
public record RootHelper(List<String> prefix) {

    public RootHelper {
        prefix = List.copyOf(prefix);
    }

    /** Splits the option's value on white space, the way Cinder's processutils does. */
    public static RootHelper parse(String value) {
        if (value == null || value.isBlank()) {
            return new RootHelper(List.of());
        }
        return new RootHelper(List.of(value.strip().split("\\s+")));
    }

    public List<String> wrap(Command command) {
        if (!command.asRoot() || prefix.isEmpty()) {
            return command.arguments();
        }
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command.arguments());
        return all;
    }
}
