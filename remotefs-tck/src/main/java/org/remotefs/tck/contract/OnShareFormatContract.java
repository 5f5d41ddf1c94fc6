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

/**
 * File names, info-file bytes, backing pointers and mount-point names exactly as Cinder lays them
 * out: its NFS names ({@code volume-<id>}, {@code volume-<id>.<snapshot id>}, {@code volume-<id>.info})
 * or its SMB names ({@code volume-<id>.<format>}, {@code volume-<id>.<snapshot id>.<format>},
 * {@code volume-<id>.<format>.info}), as the binding says the backend names its files.
 */
@RemoteFsContract
class OnShareFormatContract {

    @Test
    void volumeFilesAreNamedByCindersTemplate(Tck tck) {
        Volume volume = tck.newVolume(1);

        // volume-<id> (Cinder's NFS names) or volume-<id>.<format> (its SMB names), as the binding
        // says the backend names its files
        String expected = tck.expectedBaseFile(volume, tck.stored(volume).format());
        assertThat(tck.stored(volume).baseFile()).as("the base file the backend reports").isEqualTo(expected);
        assertThat(tck.activePath(volume).getFileName().toString()).isEqualTo(expected);
        assertThat(tck.directoryOf(volume).resolve(expected)).isRegularFile();
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void overlaysPointAtTheirBackingByBareNameWithAnExplicitFormat(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        String baseFormat = tck.stored(volume).format();
        Snapshot first = tck.snapshot(volume);
        Snapshot second = tck.snapshot(volume);

        Path directory = tck.directoryOf(volume);
        String base = tck.baseFile(volume);
        // overlays: volume-<id>.<snapshot id>, with the base's extension where it has one
        String firstFile = tck.overlayFile(volume, first.id());
        String secondFile = tck.overlayFile(volume, second.id());
        assertThat(base).isEqualTo(tck.expectedBaseFile(volume, baseFormat));
        var top = QemuTools.info(directory.resolve(secondFile));
        var middle = QemuTools.info(directory.resolve(firstFile));
        assertThat(top.get("backing-filename").asText()).isEqualTo(firstFile);
        assertThat(top.get("backing-filename-format").asText()).isEqualTo("qcow2");
        assertThat(middle.get("backing-filename").asText()).isEqualTo(base);
        assertThat(middle.get("backing-filename-format").asText()).isEqualTo(QemuTools.qemuFormat(baseFormat));
        assertThat(tck.infoText(volume)).isEqualTo(CinderJson.infoFile(java.util.Map.of(
                "active", secondFile,
                first.id(), firstFile,
                second.id(), secondFile)));
        // and nothing else: the info file is the base file's name and .info
        assertThat(tck.filesOf(volume, directory)).as("the files of volume %s", volume.id())
                .containsExactlyInAnyOrder(base, firstFile, secondFile, base + ".info");
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
