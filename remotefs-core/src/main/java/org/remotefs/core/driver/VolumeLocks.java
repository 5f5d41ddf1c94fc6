package org.remotefs.core.driver;

/**
 * Named locks serialising the operations on one volume. Lock names are Cinder's,
 * {@code cinder-<driver prefix>-<volume id>}, so that an inter-process or distributed
 * implementation can coordinate with Python Cinder on the same lock backend.
 * Implementations are thread-safe.
 */
public interface VolumeLocks {

    /** A held lock; closing it releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Blocks until the named lock is held. Not re-entrant: a thread never takes a lock it holds. */
    Held lock(String name);
}
