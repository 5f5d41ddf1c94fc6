package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class MountPointsTest {

    /** The vectors Cinder's and os-brick's tests use; Nova computes the same names. */
    @ParameterizedTest
    @CsvSource({
            "nfs-host1:/export, 2f4f60214cf43c595666dd815f0360a4",
            "glusterfs-host1:/export, ab03ab34eaca46a5fb81878f7e9b91fc",
            "//1.2.3.4/share1, db0bf952c1734092b83e8990bd321131"})
    void namesAreTheMd5OfTheExactShareString(String share, String expected) {
        assertThat(MountPoints.hashName(share)).isEqualTo(expected);
        assertThat(MountPoints.under(Path.of("/var/lib/cinder/mnt"), share))
                .isEqualTo(Path.of("/var/lib/cinder/mnt", expected));
    }

    @ParameterizedTest
    @CsvSource({"nfs-host1:/export/", "NFS-host1:/export", "'nfs-host1:/export '"})
    void nothingIsNormalised(String variant) {
        assertThat(MountPoints.hashName(variant)).isNotEqualTo("2f4f60214cf43c595666dd815f0360a4").hasSize(32);
    }
}
