package org.remotefs.api.spi;

import java.util.List;
import java.util.Set;

import org.remotefs.api.VolumeDriver;

/**
 * The {@link java.util.ServiceLoader} entry point of a backend jar, listed in
 * {@code META-INF/services/org.remotefs.api.spi.VolumeDriverProvider}. One provider builds the
 * drivers of one kind ({@code localfs}, {@code nfs}, ...); the runtime builds one driver per
 * configured backend naming that kind with {@code driver = <id>}.
 *
 * <p>Implementations have a public no-argument constructor, hold no state and are thread-safe.
 * Every method but {@link #create} is cheap and side-effect free: the runtime calls them to list
 * and check providers before building anything.
 */
public interface VolumeDriverProvider {

    /**
     * The SPI version this api defines. A provider returns the version it was built against from
     * {@link #spiVersion()}; the runtime accepts providers whose version is at most this one and
     * at least {@link #MIN_SUPPORTED_SPI_VERSION}.
     *
     * <p>Version 2 added the {@link Capability#VHD} and {@link Capability#VHDX} capabilities and
     * {@code StoredVolume#baseFile}; a version-1 provider keeps working unchanged (its stored
     * volumes' base file is their name).
     */
    int SPI_VERSION = 2;

    /** The oldest SPI version this api still accepts. */
    int MIN_SUPPORTED_SPI_VERSION = 1;

    /** The stable, lower-case id configuration names the driver by ({@code driver = nfs}). Never changes. */
    String id();

    /** The SPI version the provider was built against; normally {@link #SPI_VERSION} at build time. */
    int spiVersion();

    /** The driver's own version, reported as {@code driver_version} in the stats. */
    String version();

    /** What the driver can do. Operations outside this set are refused with {@code UNSUPPORTED}. */
    Set<Capability> capabilities();

    /** Every option the driver reads, secret ones marked. */
    List<OptionDescriptor> options();

    /**
     * Builds the driver of one configured backend. Does not touch the shares: the caller runs
     * {@link VolumeDriver#doSetup()} next.
     *
     * @throws org.remotefs.api.RemoteFsException {@code INVALID_CONFIGURATION_VALUE} when the
     *         settings do not fit together
     */
    VolumeDriver create(DriverContext context);
}
