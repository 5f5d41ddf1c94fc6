package org.remotefs.core.lock;

import java.time.Instant;
import java.util.Objects;

/**
 * One holder of, or waiter for, a volume lock, as far as the lock service knows it. What a service
 * cannot know is null: tooz's file driver leaves no record, so a Python holder of a file lock has a
 * process id (the kernel's lock table says it) but no operation or start time; a ZooKeeper contender
 * is known by the member id its node holds and the time the node was made.
 *
 * @param lock      the lock's name, {@code cinder-<prefix>-<volume id>}
 * @param state     whether it holds the lock or waits for it
 * @param memberId  the coordination member id (ZooKeeper: the node's data, tooz's member id); null for file locks
 * @param host      the host it runs on, when known
 * @param pid       its process id, when known
 * @param operation what it took the lock for, when recorded (remotefs's file-lock record)
 * @param since     since when it holds or waits, when known
 * @param detail    where the lock is (the lock file, the ZooKeeper node)
 */
public record LockEntry(String lock, State state, String memberId, String host, Long pid, String operation,
                        Instant since, String detail) {

    /** Holding or waiting. */
    public enum State {
        HELD, WAITING;

        /** The name shown: {@code held}, {@code waiting}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public LockEntry {
        Objects.requireNonNull(lock, "lock is null");
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(detail, "detail is null");
    }
}
