package org.remotefs.tck;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.remotefs.api.spi.VolumeLockService;

/**
 * The lock service the TCK hands to the driver under test: real file locks in the test's scratch
 * space, with the name of every lock the driver asks for recorded, so that a contract can hold the
 * very lock the driver takes for a volume.
 */
public final class RecordingLockService implements VolumeLockService {
    private final VolumeLockService locks;
    private final List<String> names = new CopyOnWriteArrayList<>();

    RecordingLockService(VolumeLockService locks) {
        this.locks = locks;
    }

    @Override
    public Lease acquire(String name, String operation, Duration timeout) {
        names.add(name);
        return locks.acquire(name, operation, timeout);
    }

    /** Every lock name asked for so far, in order (repeats included). */
    public List<String> names() {
        return List.copyOf(names);
    }

    @Override
    public void close() {
        locks.close();
    }
}
