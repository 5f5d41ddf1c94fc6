package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.core.share.MountPoints;
import org.remotefs.tck.CinderJson;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** File names, info-file bytes, backing pointers and mount-point names exactly as Cinder lays them out. */
@RemoteFsContract
class OnShareFormatContract {

    @Test
    void volumeFilesAreNamedByCindersTemplate(Tck tck) {
        Volume volume = tck.newVolume(1);

        assertThat(tck.activePath(volume).getFileName().toString()).isEqualTo("volume-" + volume.id());
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void overlaysPointAtTheirBackingByBareNameWithAnExplicitFormat(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        Snapshot first = tck.snapshot(volume);
        Snapshot second = tck.snapshot(volume);

        Path directory = tck.directoryOf(volume);
        var top = QemuTools.info(directory.resolve(volume.name() + "." + second.id()));
        var middle = QemuTools.info(directory.resolve(volume.name() + "." + first.id()));
        assertThat(top.get("backing-filename").asText()).isEqualTo(volume.name() + "." + first.id());
        assertThat(top.get("backing-filename-format").asText()).isEqualTo("qcow2");
        assertThat(middle.get("backing-filename").asText()).isEqualTo(volume.name());
        assertThat(middle.get("backing-filename-format").asText()).isEqualTo(volume.format());
        assertThat(tck.infoText(volume)).isEqualTo(CinderJson.infoFile(java.util.Map.of(
                "active", volume.name() + "." + second.id(),
                first.id(), volume.name() + "." + first.id(),
                second.id(), volume.name() + "." + second.id())));
    }

    @Test
    void mountPointsAreTheMd5OfTheShareUnderTheBaseOrTheShareItself(Tck tck) {
        for (ShareState share : tck.driver().shares()) {
            Path mountPoint = Path.of(share.mountPoint());
            String hash = MountPoints.hashName(share.address());
            assertThat(mountPoint.getFileName().toString().equals(hash) || mountPoint.equals(Path.of(share.address())))
                    .as("mount point %s of share %s", mountPoint, share.address()).isTrue();
        }
    }
}
