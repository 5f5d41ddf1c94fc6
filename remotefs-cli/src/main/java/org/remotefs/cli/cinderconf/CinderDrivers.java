package org.remotefs.cli.cinderconf;

import java.util.Map;
import java.util.Optional;

/**
 * Which remotefs driver stands for a Cinder {@code volume_driver} class: the file-based drivers
 * remotefs re-implements (NFS, GlusterFS, the Linux and Windows SMB drivers), nothing else.
 */
public final class CinderDrivers {
    /** Cinder's default {@code volume_driver}, which a backend section without one gets. */
    public static final String CINDER_DEFAULT_DRIVER = "cinder.volume.drivers.lvm.LVMVolumeDriver";

    private static final Map<String, String> DRIVER_IDS = Map.of(
            "cinder.volume.drivers.nfs.NfsDriver", "nfs",
            "cinder.volume.drivers.glusterfs.GlusterfsDriver", "glusterfs",
            "cinder.volume.drivers.smbfs.SmbfsDriver", "smbfs",
            "cinder.volume.drivers.windows.smbfs.WindowsSmbfsDriver", "smbfs");

    /** The Cinder driver classes remotefs has a driver for, sorted. */
    public java.util.List<String> classes() {
        return DRIVER_IDS.keySet().stream().sorted().toList();
    }

    /** The remotefs driver id for this Cinder driver class, or empty when remotefs has none. */
    public Optional<String> driverId(String volumeDriver) {
        return Optional.ofNullable(DRIVER_IDS.get(volumeDriver.strip()));
    }
}
