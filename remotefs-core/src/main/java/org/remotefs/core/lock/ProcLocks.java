package org.remotefs.core.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's table of file locks, {@code /proc/locks}: which process holds a POSIX record lock
 * on which file, whoever took it — remotefs, tooz's file driver (fasteners' {@code lockf}) or
 * oslo.concurrency. It is read rather than the lock files being locked in turn, so listing locks
 * never disturbs a holder or a waiter (and never drops a lock this process holds: closing any
 * descriptor of a file releases the process's record locks on it).
 *
 * <p>A line reads {@code 1: POSIX  ADVISORY  WRITE 1234 fe:00:2146456 0 EOF}: the holder's process
 * id, then the file's device as the kernel's major and minor numbers in hex, and its inode. A
 * blocked waiter's line has {@code ->} after the number; polling waiters (tooz, oslo and remotefs
 * all poll) never appear.
 */
public final class ProcLocks {
    /** A POSIX lock on a file: its holder and the file's device numbers and inode. */
    record Held(long pid, long major, long minor, long inode, boolean waiting) {
    }

    private final List<Held> held;

    ProcLocks(List<Held> held) {
        this.held = List.copyOf(held);
    }

    /** The table as it is now; empty where it cannot be read. */
    public static ProcLocks read(Path table) {
        try {
            return parse(Files.readAllLines(table));
        } catch (IOException e) {
            return new ProcLocks(List.of());
        }
    }

    static ProcLocks parse(List<String> lines) {
        List<Held> held = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            boolean waiting = fields.length > 1 && fields[1].equals("->");
            int at = waiting ? 2 : 1;
            if (fields.length < at + 5 || !fields[at].equals("POSIX")) {
                continue;
            }
            String[] device = fields[at + 4].split(":");
            try {
                long pid = Long.parseLong(fields[at + 3]);
                if (device.length == 3 && pid > 0) {
                    held.add(new Held(pid, Long.parseLong(device[0], 16), Long.parseLong(device[1], 16),
                            Long.parseLong(device[2]), waiting));
                }
            } catch (NumberFormatException e) {
                // not a line of the format above: skipped, as a line of another lock type is
            }
        }
        return new ProcLocks(held);
    }

    /**
     * The process holding a record lock on the file with this {@code st_dev} and inode, if any.
     * {@code st_dev} is split as glibc's {@code major()} and {@code minor()} split it.
     */
    Optional<Long> holder(long stDev, long inode) {
        long major = ((stDev >>> 8) & 0xfff) | ((stDev >>> 32) & 0xfffff000L);
        long minor = (stDev & 0xff) | ((stDev >>> 12) & 0xffffff00L);
        return held.stream().filter(h -> !h.waiting() && h.inode() == inode && h.major() == major && h.minor() == minor)
                .map(Held::pid).findFirst();
    }
}
