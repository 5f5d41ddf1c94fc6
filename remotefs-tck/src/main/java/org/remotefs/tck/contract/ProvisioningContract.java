package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;
import org.remotefs.tck.TckBackend;

/** Sparse, thick and qcow2 volume files of the right virtual size and allocation. */
@RemoteFsContract
class ProvisioningContract {
    private static final long GIB = 1L << 30;

    private static Path file(TckBackend backend, Volume volume) {
        return Path.of(backend.driver().findVolume(volume.id()).orElseThrow().path());
    }

    @Test
    @Requires(Capability.THIN)
    void thinVolumesAreSparseRawFiles(Tck tck) throws Exception {
        TckBackend backend = tck.open(Provisioning.THIN);
        Volume volume = tck.newVolume(backend.driver(), 2);

        var info = QemuTools.info(file(backend, volume));
        assertThat(volume.format()).isEqualTo("raw");
        assertThat(info.get("format").asText()).isEqualTo("raw");
        assertThat(info.get("virtual-size").asLong()).isEqualTo(2 * GIB);
        assertThat(info.get("actual-size").asLong()).isLessThan(GIB / 10);
    }

    @Test
    @Requires(Capability.THICK)
    void thickVolumesAreFullyAllocatedRawFiles(Tck tck) throws Exception {
        TckBackend backend = tck.open(Provisioning.THICK);
        Volume volume = tck.newVolume(backend.driver(), 1);

        var info = QemuTools.info(file(backend, volume));
        assertThat(info.get("format").asText()).isEqualTo("raw");
        assertThat(info.get("virtual-size").asLong()).isEqualTo(GIB);
        assertThat(info.get("actual-size").asLong()).isGreaterThanOrEqualTo(GIB);
    }

    @Test
    @Requires(Capability.QCOW2)
    void qcow2VolumesHaveTheirSizeAndNoBackingFile(Tck tck) throws Exception {
        TckBackend backend = tck.open(Provisioning.QCOW2);
        Volume volume = tck.newVolume(backend.driver(), 3);

        var info = QemuTools.info(file(backend, volume));
        assertThat(volume.format()).isEqualTo("qcow2");
        assertThat(info.get("format").asText()).isEqualTo("qcow2");
        assertThat(info.get("virtual-size").asLong()).isEqualTo(3 * GIB);
        assertThat(info.has("backing-filename")).isFalse();
    }
}
