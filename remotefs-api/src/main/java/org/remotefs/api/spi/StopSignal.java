package org.remotefs.api.spi;

/**
 * The host's request that running operations stop (SIGINT, SIGTERM, a service shutting down): a
 * host service the runtime hands to drivers through {@link DriverContext}. A driver stops its
 * child processes when it is raised, checks it between steps, rolls back what it made and fails
 * with {@code INTERRUPTED}. Implementations are thread-safe.
 */
public interface StopSignal {

    /** Whether the host asked operations to stop. */
    boolean stopRequested();

    /**
     * Runs {@code action} once when a stop is requested — at once, on the calling thread, when one
     * already was. Closing the returned registration before that removes it.
     */
    Registration whenStopped(Runnable action);

    /** An action registered with {@link #whenStopped}. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** A signal that is never raised: for hosts that never stop operations. */
    static StopSignal never() {
        return new StopSignal() {
            @Override
            public boolean stopRequested() {
                return false;
            }

            @Override
            public Registration whenStopped(Runnable action) {
                return () -> {
                };
            }
        };
    }
}
