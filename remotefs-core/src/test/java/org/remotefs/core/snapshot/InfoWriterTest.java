package org.remotefs.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.StopSignal;
import org.remotefs.api.spi.VolumeLockService;
import org.remotefs.core.host.OperationGuard;
import org.remotefs.core.json.Json;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.volume.FileSecurity;
import org.remotefs.core.volume.VolumeFiles;

/** The info file is written only while the operation still holds the volume's lock. */
final class InfoWriterTest {
    @TempDir
    Path dir;

    /** A lease its lock service reports lost, as a ZooKeeper lease after its session expired. */
    private static final VolumeLockService.Lease LOST = new VolumeLockService.Lease() {
        @Override
        public String name() {
            return "cinder-localfs-x";
        }

        @Override
        public void checkHeld() {
            throw new RemoteFsException(ErrorCode.LOCK_LOST, "lost", Map.of("lock", name()));
        }

        @Override
        public void close() {
        }
    };

    @Test
    void aLostLeaseStopsTheWriteAndTheFileStaysAsItWas() throws Exception {
        Path info = dir.resolve("volume-x.info");
        Files.writeString(info, "{\"active\": \"volume-x\"}");
        OperationGuard guard = new OperationGuard(mock(StopSignal.class));
        InfoWriter writer = new InfoWriter(new InfoFile(Json.mapper()), mock(VolumeFiles.class), guard);
        guard.held(LOST);
        try {
            assertThatThrownBy(() -> writer.write(info, Map.of("active", "volume-x.s1", "s1", "volume-x.s1"),
                    new FileSecurity(true, true)))
                    .isInstanceOfSatisfying(RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOCK_LOST));
        } finally {
            guard.released(LOST);
        }

        assertThat(Files.readString(info)).isEqualTo("{\"active\": \"volume-x\"}");
    }
}
