package org.remotefs.core.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process and its host, as lock records name them, and whether a recorded holder still runs.
 *
 * @param pid  this process
 * @param host this host's name (the kernel's, read without a name-service lookup)
 */
public record HostIdentity(long pid, String host) {

    /** This JVM on this host. */
    public static HostIdentity current() {
        String host;
        try {
            host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            host = "localhost";
        }
        return new HostIdentity(ProcessHandle.current().pid(), host.isEmpty() ? "localhost" : host);
    }

    /**
     * Whether a record is to be believed: written on another host (it cannot be checked from
     * here), or by a process of this host that still runs.
     */
    boolean believes(LockHolder holder) {
        if (!holder.host().equals(host)) {
            return true;
        }
        return ProcessHandle.of(holder.pid()).map(ProcessHandle::isAlive).orElse(false);
    }
}
