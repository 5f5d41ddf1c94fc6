package org.remotefs.glusterfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.share.Share;

import com.typesafe.config.ConfigFactory;

/** The options and their defaults, the capabilities, and the mount command line. */
final class GlusterFsDriverProviderTest {
    private static final Path MOUNT_POINT = Path.of("/var/lib/cinder/mnt/0123456789abcdef0123456789abcdef");

    @Test
    void declaresExactlyTheOptionsItsReferenceConfDocumentsWithCindersDefaults() {
        var defaults = ConfigFactory.defaultReference().getConfig("remotefs.defaults.glusterfs");
        var declared = new GlusterFsDriverProvider().options().stream().map(OptionDescriptor::key)
                .collect(Collectors.toSet());

        assertThat(declared).containsExactlyInAnyOrderElementsOf(defaults.root().keySet());
        assertThat(declared).doesNotContain("glusterfs_sparsed_volumes", "glusterfs_qcow2_volumes");
        assertThat(defaults.getString("glusterfs_shares_config")).isEqualTo("/etc/cinder/glusterfs_shares");
        assertThat(defaults.getString("glusterfs_mount_point_base")).isEqualTo("/var/lib/cinder/mnt");
        assertThat(defaults.getString("nas_volume_prov_type")).isEqualTo("thin");
        assertThat(defaults.getString("volume_backend_name")).isEqualTo("GlusterFS");
        assertThat(defaults.getInt("reserved_percentage")).isZero();
        assertThat(defaults.getDouble("max_over_subscription_ratio")).isEqualTo(20.0);
        assertThat(defaults.getIsNull("nas_mount_options")).isTrue();
        assertThat(new GlusterFsDriverProvider().options()).filteredOn(o -> o.key().equals("nas_volume_prov_type"))
                .singleElement().satisfies(o -> assertThat(o.choices()).containsExactly("thin", "thick"));
    }

    @Test
    void isCindersGlusterFsDriverWithoutSparseRawFiles() {
        GlusterFsDriverProvider provider = new GlusterFsDriverProvider();

        assertThat(provider.id()).isEqualTo("glusterfs");
        assertThat(provider.version()).isEqualTo("1.3.0");
        assertThat(provider.capabilities()).contains(Capability.QCOW2, Capability.THICK, Capability.SNAPSHOTS,
                Capability.ONLINE_SNAPSHOTS, Capability.CLONE, Capability.VOLUME_FROM_SNAPSHOT, Capability.EXTEND,
                Capability.REVERT, Capability.IMAGE_COPY, Capability.MIGRATION)
                .doesNotContain(Capability.THIN, Capability.POOLS, Capability.ENCRYPTION);
    }

    @Test
    void theMountLineIsOsBricksWithTheShareLineOptionsVerbatim() {
        assertThat(GlusterMounter.arguments(new Share("gl1:/cinder", null, "test"), MOUNT_POINT))
                .containsExactly("mount", "-t", "glusterfs", "gl1:/cinder", MOUNT_POINT.toString());
        assertThat(GlusterMounter.arguments(new Share("gl1:/cinder", "-o backup-volfile-servers=gl2:gl3", "test"),
                MOUNT_POINT)).containsExactly("mount", "-t", "glusterfs", "-o", "backup-volfile-servers=gl2:gl3",
                "gl1:/cinder", MOUNT_POINT.toString());
        assertThat(GlusterMounter.arguments(new Share("gl1:/cinder", "  -o backupvolfile-server=gl2   -o acl ", "test"),
                MOUNT_POINT)).containsExactly("mount", "-t", "glusterfs", "-o", "backupvolfile-server=gl2", "-o", "acl",
                "gl1:/cinder", MOUNT_POINT.toString());
    }
}
