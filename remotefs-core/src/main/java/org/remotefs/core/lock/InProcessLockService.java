package org.remotefs.core.lock;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;

/**
 * Locks held in this JVM only ({@code backend_url = "inprocess://"}): enough for an application
 * that embeds one driver in one JVM and is the only writer of its shares; never the default. Also
 * the in-process half of {@link FileLockService}, since a JVM cannot hold two record locks on one
 * file. Entries are dropped when no thread holds or waits for them.
 */
public final class InProcessLockService implements VolumeLockService {
    /** How often a waiter looks at the stop signal. */
    private static final long POLL_MILLIS = 50;

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final StopSignal stop;

    public InProcessLockService(StopSignal stop) {
        this.stop = stop;
    }

    @Override
    public Lease acquire(String name, String operation, Duration timeout) {
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(name, k -> new Entry());
            entry.users++;
        }
        try {
            waitFor(entry.lock, name, timeout);
        } catch (RuntimeException e) {
            release(name, entry, false);
            throw e;
        }
        Entry held = entry;
        return new Lease() {
            private boolean closed;

            @Override
            public String name() {
                return name;
            }

            @Override
            public void checkHeld() {
                // an in-process lock is never lost
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    release(name, held, true);
                }
            }
        };
    }

    private void waitFor(ReentrantLock lock, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // a free lock is taken even after a stop was requested: a roll-back may need it
            if (lock.tryLock()) {
                return;
            }
            while (true) {
                if (stop.stopRequested()) {
                    throw LockErrors.interrupted(name);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw LockErrors.timedOut(name, timeout, "another thread of this process");
                }
                if (lock.tryLock(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LockErrors.interrupted(name);
        }
    }

    private void release(String name, Entry entry, boolean held) {
        if (held) {
            entry.lock.unlock();
        }
        synchronized (entries) {
            if (--entry.users == 0) {
                entries.remove(name);
            }
        }
    }

    /** How many lock names are in use now (for tests of the clean-up). */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public void close() {
        // nothing held outside the map
    }
}
