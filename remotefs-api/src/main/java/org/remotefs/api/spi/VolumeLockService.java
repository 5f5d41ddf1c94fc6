package org.remotefs.api.spi;

import java.time.Duration;

/**
 * Named locks that serialise the operations on one volume across threads, processes and — for a
 * distributed implementation — hosts: a host service the runtime creates once and hands to every
 * driver through {@link DriverContext}. Lock names are Cinder's, {@code cinder-<driver prefix>-<volume id>},
 * so that an implementation on the same backend as Python Cinder's coordination service (tooz)
 * excludes Cinder's own volume service. Implementations are thread-safe.
 *
 * <p>Errors: {@link org.remotefs.api.RemoteFsException} with {@code CONCURRENT_REQUEST} when a lock
 * is not had within the time-out (the message names the lock and, where the service knows it, its
 * holder), {@code INTERRUPTED} when the host asks operations to stop while one waits
 * ({@link StopSignal}), {@code LOCK_LOST} from {@link Lease#checkHeld()}.
 */
public interface VolumeLockService extends AutoCloseable {

    /**
     * Takes the named lock, waiting at most {@code timeout}. Not re-entrant: a thread never asks
     * for a lock it holds. Changes nothing but the lock's own state when it fails.
     *
     * @param name      the lock's name, {@code cinder-<prefix>-<volume id>}; no {@code /}
     * @param operation what the lock is taken for ({@code create_snapshot}), shown to whoever
     *                  waits for it where the service can record it
     * @param timeout   the longest wait; zero tries once
     */
    Lease acquire(String name, String operation, Duration timeout);

    /** Releases what the service holds (connections, open files). Idempotent. */
    @Override
    void close();

    /** A held lock; closing it releases it (idempotent). */
    interface Lease extends AutoCloseable {

        /** The lock's name. */
        String name();

        /**
         * Called before each write the operation makes: returns when the lock is still held,
         * throws {@code LOCK_LOST} when the service lost it (a distributed session that expired),
         * so that the operation stops before it writes without the lock.
         */
        void checkHeld();

        @Override
        void close();
    }
}
