package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/** initialize_connection in Cinder's shape, naming the active image and its format. */
@RemoteFsContract
class ConnectionInfoContract {

    @Test
    void connectionInfoHasCindersShape(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        var before = tck.listing();

        ConnectionInfo info = tck.driver().initializeConnection(volume, Connector.ofHost("tck-host"));

        assertThat(info.driverVolumeType()).isNotBlank();
        assertThat(info.data()).containsEntry("export", volume.providerLocation())
                .containsEntry("name", tck.baseFile(volume))
                .containsEntry("format", tck.activeFormat(volume))
                .containsKey("options");
        if (info.mountPointBase() != null) {
            assertThat(Path.of(info.mountPointBase())).isAbsolute();
            assertThat(tck.directoryOf(volume).getParent()).isEqualTo(Path.of(info.mountPointBase()));
        }
        assertThat(info.toCinderMap()).containsKeys("driver_volume_type", "data");
        assertThat(tck.listing()).isEqualTo(before);
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void connectionInfoNamesTheActiveOverlay(Tck tck) {
        Volume volume = tck.newVolume(1);
        var snapshot = tck.snapshot(volume);

        ConnectionInfo info = tck.driver().initializeConnection(volume, Connector.ofHost("tck-host"));

        assertThat(info.data()).containsEntry("name", tck.overlayFile(volume, snapshot.id()))
                .containsEntry("format", "qcow2");
    }

    @Test
    void aQcow2HeaderAGuestWroteIntoARawVolumeIsNeverHandedOut(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        Path file = tck.activePath(volume);
        Path evil = tck.scratch("evil").resolve("evil.qcow2");
        QemuTools.run("qemu-img", "create", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw", evil.toString(), "1G");
        byte[] header = java.nio.file.Files.readAllBytes(evil);
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(header), 0);
        }

        ConnectionInfo info;
        try {
            info = tck.driver().initializeConnection(volume, Connector.ofHost("tck-host"));
        } catch (org.remotefs.api.RemoteFsException refused) {
            assertThat(refused.code()).isIn(ErrorCode.INVALID_BACKING_FILE, ErrorCode.INVALID_VOLUME);
            return;
        }
        // handed out, then only as what it was created as: raw data, never a qcow2 with that backing file
        assertThat(info.data()).containsEntry("format", "raw");
    }

    @Test
    void aVolumeWithoutFilesIsNotConnected(Tck tck) {
        Volume volume = tck.newVolume(1);
        Volume gone = Volume.create(java.util.UUID.randomUUID().toString(), 1)
                .withProviderLocation(volume.providerLocation());

        assertThat(Tck.codeOf(() -> tck.driver().initializeConnection(gone, Connector.ofHost("tck-host"))))
                .isEqualTo(ErrorCode.VOLUME_NOT_FOUND);
    }
}
