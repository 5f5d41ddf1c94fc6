package org.remotefs.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.Setting;

/** The layout options: the NFS pair under the prefix, or nas_volume_prov_type, never both. */
final class CoreOptionsTest {

    /** Settings with every core option at a plain value, and the given layout settings. */
    private static BackendSettings settings(Map<String, Object> layout) {
        Map<String, Object> values = new HashMap<>(Map.ofEntries(
                Map.entry("gfs_shares_config", "/etc/cinder/shares"), Map.entry("nas_host", ""),
                Map.entry("nas_share_path", ""), Map.entry("nas_secure_file_operations", "auto"),
                Map.entry("nas_secure_file_permissions", "auto"), Map.entry("reserved_percentage", 0),
                Map.entry("max_over_subscription_ratio", 20.0), Map.entry("volume_backend_name", ""),
                Map.entry("root_helper", ""), Map.entry("command_timeout_seconds", 60),
                Map.entry("provisioned_capacity_cache_seconds", 0), Map.entry("image_conversion_dir", ""),
                Map.entry("lock_path", ""), Map.entry("lock_timeout", 1), Map.entry("share_io_timeout", 10),
                Map.entry("stats_max_age_seconds", 1)));
        values.putAll(layout);
        Map<String, Setting> settings = new HashMap<>();
        values.forEach((key, value) -> settings.put(key, new Setting(key, value, "test.conf:1", false)));
        settings.put("nas_mount_options", new Setting("nas_mount_options", null, "test.conf:1", false));
        return new BackendSettings("gold", settings);
    }

    @Test
    void thinProvisioningTypeGivesQcow2FilesAndReportsThin() {
        CoreOptions options = CoreOptions.from("gfs", settings(Map.of("nas_volume_prov_type", "thin")));

        assertThat(options.qcow2Volumes()).isTrue();
        assertThat(options.sparsedVolumes()).isTrue();
    }

    @Test
    void thickProvisioningTypeGivesFullyAllocatedRawFilesAndReportsThick() {
        CoreOptions options = CoreOptions.from("gfs", settings(Map.of("nas_volume_prov_type", "Thick")));

        assertThat(options.qcow2Volumes()).isFalse();
        assertThat(options.sparsedVolumes()).isFalse();
    }

    @Test
    void withoutProvisioningTypeThePrefixedPairChooses() {
        CoreOptions options = CoreOptions.from("gfs",
                settings(Map.of("gfs_sparsed_volumes", false, "gfs_qcow2_volumes", true)));

        assertThat(options.qcow2Volumes()).isTrue();
        assertThat(options.sparsedVolumes()).isFalse();
    }

    @Test
    void aDriverDeclaresOneSetOfLayoutOptionsOnly() {
        List<String> byType = CoreOptions.descriptors("gfs", LayoutOptions.NAS_VOLUME_PROV_TYPE).stream()
                .map(OptionDescriptor::key).toList();
        List<String> byPair = CoreOptions.descriptors("gfs").stream().map(OptionDescriptor::key).toList();

        assertThat(byType).contains("nas_volume_prov_type").doesNotContain("gfs_sparsed_volumes", "gfs_qcow2_volumes");
        assertThat(byPair).contains("gfs_sparsed_volumes", "gfs_qcow2_volumes").doesNotContain("nas_volume_prov_type");
        assertThat(CoreOptions.descriptors("gfs", LayoutOptions.NAS_VOLUME_PROV_TYPE).stream()
                .filter(d -> d.key().equals("nas_volume_prov_type")).findFirst().orElseThrow().choices())
                .containsExactly("thin", "thick");
    }

    @Test
    void theLayoutOptionNamedInMessagesIsTheOneTheDriverDeclares() {
        assertThat(CoreOptions.layoutOptionKey("gfs", settings(Map.of("nas_volume_prov_type", "thin")), true))
                .isEqualTo("nas_volume_prov_type");
        BackendSettings pair = settings(Map.of("gfs_sparsed_volumes", true, "gfs_qcow2_volumes", false));
        assertThat(CoreOptions.layoutOptionKey("gfs", pair, true)).isEqualTo("gfs_qcow2_volumes");
        assertThat(CoreOptions.layoutOptionKey("gfs", pair, false)).isEqualTo("gfs_sparsed_volumes");
    }

    // found by ConfigurationFuzzTest: a NUL in a path option was an InvalidPathException out of the
    // driver's wiring (DRIVER_LOAD_FAILED), not a configuration error naming the option
    @Test
    void aPathOptionThatIsNoPathIsAConfigurationErrorNamingIt() {
        for (String key : List.of("gfs_shares_config", "image_conversion_dir", "lock_path")) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> CoreOptions.from("gfs", settings(Map.of("nas_volume_prov_type", "thin", key, "/etc/cinder/\0shares"))));

            assertThat(thrown).isInstanceOf(org.remotefs.api.RemoteFsException.class);
            org.remotefs.api.RemoteFsException error = (org.remotefs.api.RemoteFsException) thrown;
            assertThat(error.code()).isEqualTo(org.remotefs.api.ErrorCode.INVALID_CONFIGURATION_VALUE);
            assertThat(error.details()).containsEntry("option", key).containsEntry("backend", "gold");
        }
    }
}
