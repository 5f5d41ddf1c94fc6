package org.remotefs.core.driver;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process volume locks: enough for one driver process per share. Entries are dropped when no
 * thread holds or waits for them, so the map does not grow with every volume ever touched.
 */
public final class LocalVolumeLocks implements VolumeLocks {
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    @Override
    public Held lock(String name) {
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(name, k -> new Entry());
            entry.users++;
        }
        entry.lock.lock();
        Entry held = entry;
        return () -> {
            held.lock.unlock();
            synchronized (entries) {
                if (--held.users == 0) {
                    entries.remove(name);
                }
            }
        };
    }

    /** How many lock names are in use now (for tests of the clean-up). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
