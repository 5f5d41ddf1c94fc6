package org.remotefs.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.remotefs.api.RemoteFsException;

final class CinderMapsTest {

    @Test
    void flatStatsHaveCindersKeysInCindersOrder() {
        VolumeStats stats = new VolumeStats("Generic_NFS", "Open Source", "1.4.0", "nfs", 10.5, 4.25, 3.0, 5, 20.0,
                true, false, true, List.of(), Map.of());

        assertThat(stats.toCinderMap()).containsExactly(
                Map.entry("volume_backend_name", "Generic_NFS"),
                Map.entry("vendor_name", "Open Source"),
                Map.entry("driver_version", "1.4.0"),
                Map.entry("storage_protocol", "nfs"),
                Map.entry("total_capacity_gb", 10.5),
                Map.entry("free_capacity_gb", 4.25),
                Map.entry("reserved_percentage", 5),
                Map.entry("QoS_support", false),
                Map.entry("sparse_copy_volume", true),
                Map.entry("provisioned_capacity_gb", 3.0),
                Map.entry("max_over_subscription_ratio", 20.0),
                Map.entry("thin_provisioning_support", true),
                Map.entry("thick_provisioning_support", false));
    }

    @Test
    void poolStatsCarryOnePoolPerEntry() {
        PoolStats pool = new PoolStats("//host/share", 2.0, 1.0, 0.5, 0, 1.5, true, false);
        VolumeStats stats = new VolumeStats("Generic_SMBFS", "Open Source", "1.1.0", "smbfs", 0, 0, null, 0, null,
                null, null, null, List.of(pool), Map.of());

        Map<String, Object> map = stats.toCinderMap();

        assertThat(map).doesNotContainKeys("provisioned_capacity_gb", "thin_provisioning_support");
        assertThat(map.get("pools")).asList().singleElement()
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("pool_name", "//host/share")
                .containsEntry("QoS_support", false);
    }

    @Test
    void statsRefuseImpossibleFigures() {
        assertThatThrownBy(() -> new VolumeStats("b", "v", "1", "nfs", -1, 0, null, 0, null, null, null, null,
                List.of(), Map.of())).isInstanceOf(RemoteFsException.class);
        assertThatThrownBy(() -> new VolumeStats("b", "v", "1", "nfs", 1, 0, null, 101, null, null, null, null,
                List.of(), Map.of())).isInstanceOf(RemoteFsException.class);
        assertThatThrownBy(() -> new PoolStats("p", 1, 1, 0, 0, 0.5, true, true)).isInstanceOf(RemoteFsException.class);
    }

    @Test
    void connectionInfoKeepsCindersNullOptions() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("export", "host:/export");
        data.put("name", "volume-x");
        data.put("options", null);
        ConnectionInfo info = new ConnectionInfo("nfs", data, "/var/lib/cinder/mnt");

        assertThat(info.toCinderMap()).containsEntry("driver_volume_type", "nfs")
                .containsEntry("mount_point_base", "/var/lib/cinder/mnt");
        assertThat(info.data()).containsEntry("options", null).containsKeys("export", "name");
    }

    @Test
    void modelUpdateWritesOnlyWhatChanges() {
        assertThat(ModelUpdate.none().toCinderMap()).isEmpty();
        assertThat(new ModelUpdate("h:/e", Map.of("format", "raw"), new ModelUpdate.NameIdUpdate(null)).toCinderMap())
                .containsEntry("provider_location", "h:/e")
                .containsEntry("admin_metadata", Map.of("format", "raw"))
                .containsEntry("_name_id", null);
    }

    @Test
    void connectorNeedsAHost() {
        assertThatThrownBy(() -> Connector.ofHost(" ")).isInstanceOf(RemoteFsException.class);
        assertThat(Connector.ofHost("node1").toCinderMap()).containsEntry("host", "node1").containsEntry("multipath", false);
    }
}
