package org.remotefs.core.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;

/**
 * Asked before every write a driver's operation makes (each external command, each info-file
 * write): it fails with {@code INTERRUPTED} once the host asked to stop, and with {@code LOCK_LOST}
 * when a lock the calling thread holds was lost, so an operation never writes after either. One
 * per driver; it knows the leases of each thread of that driver.
 */
public final class OperationGuard {
    private final StopSignal stop;
    // an instance field, not static state: each driver knows its own threads' leases
    private final ThreadLocal<List<VolumeLockService.Lease>> leases = ThreadLocal.withInitial(ArrayList::new);

    public OperationGuard(StopSignal stop) {
        this.stop = stop;
    }

    /** A guard that never stops anything: for tools that read and write outside an operation. */
    public static OperationGuard none() {
        return new OperationGuard(StopSignal.never());
    }

    /** The host's stop signal. */
    public StopSignal stopSignal() {
        return stop;
    }

    /** Throws when the operation must not write any more; returns otherwise. */
    public void beforeWrite(String what) {
        if (stop.stopRequested()) {
            throw new RemoteFsException(ErrorCode.INTERRUPTED, "stopped before " + what, Map.of("step", what));
        }
        checkLeases();
    }

    /**
     * Throws {@code LOCK_LOST} when a lock the calling thread holds was lost; a stop request does
     * not count here, so roll-backs that must still run after one can ask this alone.
     */
    public void checkLeases() {
        for (VolumeLockService.Lease lease : leases.get()) {
            lease.checkHeld();
        }
    }

    /** The calling thread now holds this lease. */
    public void held(VolumeLockService.Lease lease) {
        leases.get().add(lease);
    }

    /** The calling thread no longer holds this lease. */
    public void released(VolumeLockService.Lease lease) {
        List<VolumeLockService.Lease> own = leases.get();
        own.remove(lease);
        if (own.isEmpty()) {
            leases.remove();
        }
    }
}
