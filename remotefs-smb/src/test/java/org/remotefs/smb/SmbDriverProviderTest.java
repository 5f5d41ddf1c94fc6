package org.remotefs.smb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.share.ProcMounts;
import org.remotefs.core.share.Share;

import com.typesafe.config.ConfigFactory;

final class SmbDriverProviderTest {
    @Test
    void declaresExactlyTheOptionsItsReferenceConfDocumentsWithCindersDefaults() {
        var defaults = ConfigFactory.defaultReference().getConfig("remotefs.defaults.smbfs");
        var declared = new SmbDriverProvider().options().stream().map(OptionDescriptor::key).collect(Collectors.toSet());

        assertThat(declared).containsExactlyInAnyOrderElementsOf(defaults.root().keySet());
        assertThat(defaults.getString("smbfs_shares_config")).isEqualTo("/etc/cinder/smbfs_shares");
        assertThat(defaults.getString("smbfs_mount_options")).isEqualTo("noperm,file_mode=0775,dir_mode=0775");
        assertThat(defaults.getString("smbfs_default_volume_format")).isEqualTo("qcow2");
        assertThat(defaults.getBoolean("smbfs_sparsed_volumes")).isTrue();
        assertThat(defaults.getDouble("smbfs_used_ratio")).isEqualTo(0.95);
        assertThat(defaults.getDouble("smbfs_oversub_ratio")).isEqualTo(1.0);
        assertThat(defaults.getString("smbfs_pool_mappings")).isEmpty();
        assertThat(new SmbDriverProvider().version()).isEqualTo("1.1.0");
        assertThat(new SmbDriverProvider().capabilities()).contains(Capability.VHD, Capability.VHDX, Capability.POOLS)
                .doesNotContain(Capability.ONLINE_SNAPSHOTS);
    }

    @Test
    void sharesAreDoubleSlashHostSharePoolsNamedByTheShareAndNasHostJoinsAsUnc() {
        SmbProtocol protocol = new SmbProtocol(Path.of("/mnt"), new ProcMounts(Path.of("/nonexistent")), null);

        assertThat(protocol.shareFormat().matcher("//host/share").lookingAt()).isTrue();
        assertThat(protocol.shareFormat().matcher("host:/share").lookingAt()).isFalse();
        assertThat(protocol.shareFormat().matcher("\\\\host\\share").lookingAt()).isFalse();
        assertThat(protocol.defaultPoolName(new Share("//host/share", null, "t"))).isEqualTo("share");
        assertThat(protocol.defaultPoolName(new Share("//host/share/sub/dir", null, "t"))).isEqualTo("share\\sub\\dir");
        assertThat(protocol.nasShare("10.0.0.5", "/volumes", "vers=3.0")).contains(
                new Share("//10.0.0.5/volumes", "vers=3.0", "nas_host and nas_share_path"));
        assertThat(protocol.mountPoint(new Share("//127.0.0.1/export", null, "t")))
                .isEqualTo(Path.of("/mnt").resolve(org.remotefs.core.share.MountPoints.hashName("//127.0.0.1/export")));
        assertThat(protocol.driverVolumeType()).isEqualTo("smbfs");
    }
}
