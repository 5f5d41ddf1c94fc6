package org.remotefs.core.localfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Which processes belong to a process group, read from {@code /proc} (Linux). */
final class ProcessGroups {
    private ProcessGroups() {
    }

    /**
     * Whether any process of the group is still alive: not yet a zombie, or a zombie leader whose
     * other threads are still exiting (they hold its files, and qemu's image locks, until the last
     * one is gone).
     */
    static boolean alive(long group) {
        return ProcessHandle.allProcesses().anyMatch(p -> inGroup(p.pid(), group));
    }

    private static boolean inGroup(long pid, long group) {
        String[] fields = stat(Path.of("/proc", Long.toString(pid), "stat"));
        if (fields == null || Long.parseLong(fields[2]) != group) {
            return false;
        }
        if (!fields[0].equals("Z")) {
            return true;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(t -> stat(t.resolve("stat"))).anyMatch(f -> f != null && !f[0].equals("Z")
                    && !f[0].equals("X"));
        } catch (IOException e) {
            // the process was reaped meanwhile
            return false;
        }
    }

    /** The fields after {@code pid (comm)}: state, ppid, pgrp, ...; null when the process is gone. */
    private static String[] stat(Path file) {
        try {
            String stat = Files.readString(file);
            // comm may hold spaces and parentheses: the fields start after the last ')'
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
