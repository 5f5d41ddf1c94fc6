package org.remotefs.core.capacity;

/** A monotonic clock in nanoseconds, injectable so that caches and waits can be tested without sleeping. */
public interface MonotonicClock {

    long nanoTime();

    /** The system's clock. */
    static MonotonicClock system() {
        return System::nanoTime;
    }
}
