package org.remotefs.core.localfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which processes belong to a process group, read from {@code /proc} (Linux). */
final class ProcessGroups {
    private ProcessGroups() {
    }

    /** Whether any live (not zombie) process is in the group. */
    static boolean alive(long group) {
        return ProcessHandle.allProcesses().anyMatch(p -> inGroup(p.pid(), group));
    }

    private static boolean inGroup(long pid, long group) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so from the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return !fields[0].equals("Z") && Long.parseLong(fields[2]) == group;
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile
            return false;
        }
    }
}
