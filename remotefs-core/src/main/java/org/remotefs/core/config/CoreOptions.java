package org.remotefs.core.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.OptionDescriptor;

/**
 * The options every core-based driver reads, under Cinder's names. The per-protocol ones carry the
 * driver's prefix ({@code nfs_shares_config}, {@code localfs_sparsed_volumes}, ...). Defaults are
 * in each module's {@code reference.conf}.
 *
 * @param prefix                           the option prefix and Cinder's {@code driver_prefix}
 * @param sharesConfig                     {@code <prefix>_shares_config}, empty when unset
 * @param sparsedVolumes                   {@code <prefix>_sparsed_volumes}; for a driver whose layout
 *                                         {@code nas_volume_prov_type} chooses, whether it is {@code thin}
 * @param qcow2Volumes                     {@code <prefix>_qcow2_volumes} (wins over sparsed); for a driver
 *                                         whose layout {@code nas_volume_prov_type} chooses, whether it is
 *                                         {@code thin} (thin volumes are qcow2 files there, as in Cinder's
 *                                         GlusterFS driver)
 * @param nasHost                          {@code nas_host}
 * @param nasSharePath                     {@code nas_share_path}
 * @param nasMountOptions                  {@code nas_mount_options}, or null
 * @param nasSecureFileOperations          {@code nas_secure_file_operations}: auto, true or false
 * @param nasSecureFilePermissions         {@code nas_secure_file_permissions}: auto, true or false
 * @param reservedPercentage               {@code reserved_percentage}
 * @param maxOverSubscriptionRatio         {@code max_over_subscription_ratio}
 * @param volumeBackendName                {@code volume_backend_name}, empty for the driver's default
 * @param rootHelper                       {@code root_helper}
 * @param commandTimeout                   {@code command_timeout_seconds}
 * @param provisionedCapacityCache         {@code provisioned_capacity_cache_seconds}
 * @param imageConversionDirectory         {@code image_conversion_dir}: where each image copy makes its
 *                                         private directory, used as given; empty for the system's
 *                                         temporary directory
 * @param lockPath                         {@code lock_path}: a directory of this backend's own for
 *                                         inter-process file locks, empty for the host's lock service
 * @param lockTimeout                      {@code lock_timeout}: the longest wait for a volume's lock
 * @param shareIoTimeout                   {@code share_io_timeout}: how long a share may take to answer
 * @param statsMaxAge                      {@code stats_max_age_seconds}: how old the share list and the
 *                                         size and free space of each share in a stats answer may be
 */
public record CoreOptions(
        String prefix,
        Optional<Path> sharesConfig,
        boolean sparsedVolumes,
        boolean qcow2Volumes,
        String nasHost,
        String nasSharePath,
        String nasMountOptions,
        String nasSecureFileOperations,
        String nasSecureFilePermissions,
        int reservedPercentage,
        double maxOverSubscriptionRatio,
        Optional<String> volumeBackendName,
        String rootHelper,
        Duration commandTimeout,
        Duration provisionedCapacityCache,
        Optional<Path> imageConversionDirectory,
        Optional<Path> lockPath,
        Duration lockTimeout,
        Duration shareIoTimeout,
        Duration statsMaxAge) {

    public static final List<String> SECURE_CHOICES = List.of("auto", "true", "false");
    /** The option of {@link LayoutOptions#NAS_VOLUME_PROV_TYPE}. */
    public static final String NAS_VOLUME_PROV_TYPE = "nas_volume_prov_type";
    /** Its values: {@code thin} (qcow2 files) and {@code thick} (fully allocated raw files). */
    public static final List<String> PROV_TYPE_CHOICES = List.of("thin", "thick");

    public String sharesConfigKey() {
        return prefix + "_shares_config";
    }

    /**
     * Reads the options from a backend's checked settings. The layout options are the ones the
     * driver declares: {@code nas_volume_prov_type} when it declares that option (see
     * {@link LayoutOptions}), else {@code <prefix>_sparsed_volumes} and {@code <prefix>_qcow2_volumes}.
     */
    public static CoreOptions from(String prefix, BackendSettings settings) {
        boolean byProvisioningType = settings.values().containsKey(NAS_VOLUME_PROV_TYPE);
        boolean thin = byProvisioningType && "thin".equalsIgnoreCase(settings.string(NAS_VOLUME_PROV_TYPE).strip());
        return new CoreOptions(
                prefix,
                path(settings, prefix + "_shares_config"),
                byProvisioningType ? thin : settings.bool(prefix + "_sparsed_volumes"),
                byProvisioningType ? thin : settings.bool(prefix + "_qcow2_volumes"),
                settings.string("nas_host"),
                settings.string("nas_share_path"),
                settings.string("nas_mount_options"),
                settings.string("nas_secure_file_operations"),
                settings.string("nas_secure_file_permissions"),
                settings.integer("reserved_percentage"),
                settings.decimal("max_over_subscription_ratio"),
                settings.optionalString("volume_backend_name"),
                settings.string("root_helper"),
                Duration.ofSeconds(settings.integer("command_timeout_seconds")),
                Duration.ofSeconds(settings.integer("provisioned_capacity_cache_seconds")),
                path(settings, "image_conversion_dir"),
                path(settings, "lock_path"),
                Duration.ofSeconds(settings.integer("lock_timeout")),
                Duration.ofSeconds(settings.integer("share_io_timeout")),
                Duration.ofSeconds(settings.integer("stats_max_age_seconds")));
    }

    /**
     * A path option; one the platform cannot take as a path (a NUL character) is a configuration
     * error naming it, not an unchecked {@link InvalidPathException} out of the driver's wiring.
     */
    private static Optional<Path> path(BackendSettings settings, String key) {
        Optional<String> value = settings.optionalString(key);
        try {
            return value.map(Path::of);
        } catch (InvalidPathException e) {
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    "backend '" + settings.backendName() + "': option " + key + " (" + settings.origin(key)
                            + ") is not a path: " + e.getReason(),
                    Map.of("backend", settings.backendName(), "option", key, "origin", settings.origin(key)));
        }
    }

    /**
     * The key of the option that chose a layout, for messages: {@code nas_volume_prov_type} when
     * the driver declares it, else {@code <prefix>_qcow2_volumes} for qcow2 files and
     * {@code <prefix>_sparsed_volumes} for raw ones (qcow2 overrides sparsed).
     */
    public static String layoutOptionKey(String prefix, BackendSettings settings, boolean qcow2) {
        if (settings.values().containsKey(NAS_VOLUME_PROV_TYPE)) {
            return NAS_VOLUME_PROV_TYPE;
        }
        return prefix + (qcow2 ? "_qcow2_volumes" : "_sparsed_volumes");
    }

    /** The descriptors of these options for a driver with the given prefix, its layout chosen the NFS way. */
    public static List<OptionDescriptor> descriptors(String prefix) {
        return descriptors(prefix, LayoutOptions.SPARSED_AND_QCOW2);
    }

    /** The descriptors of these options for a driver with the given prefix whose layout {@code layout} chooses. */
    public static List<OptionDescriptor> descriptors(String prefix, LayoutOptions layout) {
        List<OptionDescriptor> all = new java.util.ArrayList<>();
        all.add(OptionDescriptor.string(prefix + "_shares_config",
                "File listing the shares, one per line: address, then mount options after a space."));
        if (layout == LayoutOptions.NAS_VOLUME_PROV_TYPE) {
            all.add(OptionDescriptor.choice(NAS_VOLUME_PROV_TYPE,
                    "thin: qcow2 volume files with preallocated metadata; thick: fully allocated raw files.",
                    PROV_TYPE_CHOICES));
        } else {
            all.add(OptionDescriptor.bool(prefix + "_sparsed_volumes",
                    "Create volumes as sparse files; false allocates them in full."));
            all.add(OptionDescriptor.bool(prefix + "_qcow2_volumes",
                    "Create volumes as qcow2 files (wins over sparsed)."));
        }
        all.addAll(List.of(
                OptionDescriptor.string("nas_host", "With nas_share_path, the one share, instead of the shares file."),
                OptionDescriptor.string("nas_share_path", "With nas_host, the one share's path."),
                OptionDescriptor.nullableString("nas_mount_options", "Mount options of the nas_host share."),
                OptionDescriptor.choice("nas_secure_file_operations",
                        "Run file operations as the service user (true) or as root (false); auto decides per install.",
                        SECURE_CHOICES),
                OptionDescriptor.choice("nas_secure_file_permissions",
                        "Give volume files mode 660 (true) or make them world-writable (false); auto decides per install.",
                        SECURE_CHOICES),
                OptionDescriptor.string("nas_login", "User name on the NAS (unused by file-based drivers)."),
                OptionDescriptor.secret("nas_password", "Password on the NAS (unused by file-based drivers)."),
                OptionDescriptor.integer("nas_ssh_port", "SSH port of the NAS (unused by file-based drivers).", 0, 65535),
                OptionDescriptor.string("nas_private_key", "SSH key file for the NAS (unused by file-based drivers)."),
                OptionDescriptor.integer("reserved_percentage", "Percentage of each share kept free.", 0, 100),
                OptionDescriptor.decimal("max_over_subscription_ratio",
                        "How far thin volumes may over-subscribe a share's capacity (at least 1).", 1.0, null),
                OptionDescriptor.string("volume_backend_name", "The backend name reported in the stats; empty for the driver's default."),
                OptionDescriptor.string("root_helper",
                        "Command prefix that runs commands as root, split on white space (for instance: sudo); empty for none."),
                OptionDescriptor.integer("command_timeout_seconds", "How long one external command may run.", 1, null),
                OptionDescriptor.integer("provisioned_capacity_cache_seconds",
                        "How long a share's allocated-bytes figure is reused before the share is walked again;"
                                + " the driver's own writes refresh it at once.", 0, null),
                OptionDescriptor.string("image_conversion_dir",
                        "Existing directory, not writable by every user, in which each image copy makes a private"
                                + " directory (mode 0700) to download or flatten into; empty: the system's temporary directory."),
                OptionDescriptor.string("lock_path",
                        "A directory of this backend's own for inter-process file locks (oslo.concurrency's lock_path);"
                                + " empty: the host's lock service (remotefs.coordination.backend_url)."),
                OptionDescriptor.integer("lock_timeout",
                        "How many seconds an operation waits for a volume's lock before it fails with"
                                + " CONCURRENT_REQUEST naming the holder; 0 tries once.", 0, null),
                OptionDescriptor.integer("share_io_timeout",
                        "How many seconds a share may take to answer before it is unavailable (SHARE_UNAVAILABLE):"
                                + " skipped for placement, listings and stats, and named by a command that needs it.",
                        1, null),
                OptionDescriptor.integer("stats_max_age_seconds",
                        "How many seconds old the share list and each share's size and free space (statvfs) in a"
                                + " stats answer may be; the driver's own writes refresh a share's figures at once."
                                + " 0 reads them on every stats call.", 0, null),
                OptionDescriptor.choice("volume_name_template",
                        "Cinder's volume file name; only its default, volume-%s, is supported.", List.of("volume-%s"))));
        return List.copyOf(all);
    }
}
