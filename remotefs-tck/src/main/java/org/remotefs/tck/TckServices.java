package org.remotefs.tck;

import java.util.Objects;

import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.api.spi.DriverContext;
import org.remotefs.api.spi.ImageService;

/**
 * The host services the TCK hands to the driver under test, in place of Glance and Nova: an image
 * service on a scratch directory (the image-copy contract) and a stand-in for the hypervisor's
 * part in snapshots of attached volumes (the online-snapshot contract), and the host's volume
 * locks, recorded (the locking contract). A binding passes them to its driver through
 * {@link DriverContext}; {@link #applyTo} does that.
 */
public record TckServices(ImageService images, ComputeAssist compute, RecordingLockService locks) {

    public TckServices {
        Objects.requireNonNull(images, "images is null");
        Objects.requireNonNull(compute, "compute is null");
        Objects.requireNonNull(locks, "locks is null");
    }

    /** The context with these services in it, replacing any the configuration named. */
    public DriverContext applyTo(DriverContext context) {
        return context.withImageService(images).withComputeAssist(compute).withLockService(locks);
    }
}
