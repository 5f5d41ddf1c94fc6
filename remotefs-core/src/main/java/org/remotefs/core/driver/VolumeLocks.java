package org.remotefs.core.driver;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.host.OperationGuard;

/**
 * A driver's per-volume locks: Cinder's name {@code cinder-<prefix>-<volume id>} on the host's
 * {@link VolumeLockService}, each wait bounded by the backend's {@code lock_timeout}. A lock that
 * cannot be had in time fails with {@code CONCURRENT_REQUEST} naming the volume and, where the
 * service knows it, the holder. Held leases are known to the {@link OperationGuard}, which stops
 * the operation before its next write when the service loses one.
 */
public final class VolumeLocks implements AutoCloseable {
    private final VolumeLockService service;
    private final boolean owned;
    private final DriverIdentity identity;
    private final Duration timeout;
    private final OperationGuard guard;

    /**
     * @param owned whether this driver made the service for itself (its own {@code lock_path}) and
     *              closes it; the host's service is closed by the host
     */
    public VolumeLocks(VolumeLockService service, boolean owned, DriverIdentity identity, Duration timeout,
                       OperationGuard guard) {
        this.service = service;
        this.owned = owned;
        this.identity = identity;
        this.timeout = timeout;
        this.guard = guard;
    }

    /** A held lock; closing it releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the volume's lock for {@code operation}, waiting at most {@code lock_timeout}. */
    public Held lock(String volumeId, String operation) {
        VolumeLockService.Lease lease;
        try {
            lease = service.acquire(identity.lockName(volumeId), operation, timeout);
        } catch (RemoteFsException e) {
            Map<String, String> details = new LinkedHashMap<>(e.details());
            details.put("volume_id", volumeId);
            details.put("operation", operation);
            throw new RemoteFsException(e.code(), "volume " + volumeId + " (" + operation + "): " + e.getMessage(),
                    details, e);
        }
        guard.held(lease);
        return () -> {
            guard.released(lease);
            lease.close();
        };
    }

    /** The service these locks are taken from. */
    public VolumeLockService service() {
        return service;
    }

    @Override
    public void close() {
        if (owned) {
            service.close();
        }
    }
}
