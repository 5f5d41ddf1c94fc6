package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.OptionDescriptor;

import com.typesafe.config.ConfigFactory;

final class NfsDriverProviderTest {
    @Test
    void declaresExactlyTheOptionsItsReferenceConfDocumentsWithCindersDefaults() {
        var defaults = ConfigFactory.defaultReference().getConfig("remotefs.defaults.nfs");
        var declared = new NfsDriverProvider().options().stream().map(OptionDescriptor::key).collect(Collectors.toSet());

        assertThat(declared).containsExactlyInAnyOrderElementsOf(defaults.root().keySet());
        assertThat(defaults.getString("nfs_shares_config")).isEqualTo("/etc/cinder/nfs_shares");
        assertThat(defaults.getBoolean("nfs_sparsed_volumes")).isTrue();
        assertThat(defaults.getBoolean("nfs_qcow2_volumes")).isFalse();
        assertThat(defaults.getInt("nfs_mount_attempts")).isEqualTo(3);
        assertThat(defaults.getBoolean("nfs_snapshot_support")).isFalse();
        assertThat(defaults.getIsNull("nfs_mount_options")).isTrue();
        assertThat(defaults.getDouble("max_over_subscription_ratio")).isEqualTo(20.0);
        assertThat(new NfsDriverProvider().version()).isEqualTo("1.4.0");
    }
}
