package org.remotefs.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.core.json.Json;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Share;
import org.remotefs.core.volume.ImageHeaderReader;

/**
 * The inventory reads volumes without their lock. These tests play the other process: a
 * header read stands for the moment another process rewrites the info file and removes the
 * file that was active, as deleting the newest snapshot does.
 */
final class VolumeInventoryTest {
    private static final String ID = "0b0e3ba6-8e7c-4c43-9a2d-0f6b0c9c1d11";
    private static final String NAME = "volume-" + ID;
    private static final String SNAPSHOT = "5f1f7a39-2b5e-4a57-8c55-6a4f1e7c2d22";

    private final InfoFile infoFile = new InfoFile(Json.mapper());

    @TempDir
    Path dir;

    @Test
    void aVolumeWhoseActiveFileIsRemovedDuringTheReadIsReadAgain() throws IOException {
        givenVolumeWithActiveSnapshotFile();
        AtomicInteger concurrentWrites = new AtomicInteger();
        ImageHeaderReader headers = spy(new ImageHeaderReader());
        doAnswer(call -> {
            Path file = call.getArgument(0);
            if (file.getFileName().toString().equals(NAME + "." + SNAPSHOT) && concurrentWrites.getAndIncrement() == 0) {
                deleteNewestSnapshotAsAnotherProcessWould();
            }
            return call.callRealMethod();
        }).when(headers).read(any(Path.class));
        VolumeInventory inventory = new VolumeInventory(infoFile, headers);

        Optional<StoredVolume> found = inventory.find(ID, List.of(share()));
        List<StoredVolume> listed = inventory.list(List.of(share()));

        assertThat(concurrentWrites).as("reads of the file the other process removed").hasValue(1);
        assertThat(found).get().satisfies(volume -> {
            assertThat(volume.activeFile()).isEqualTo(NAME);
            assertThat(volume.snapshotIds()).isEmpty();
        });
        assertThat(listed).extracting(StoredVolume::id).containsExactly(ID);
    }

    @Test
    void aHeaderCaughtHalfRewrittenIsReadAgain() throws IOException {
        // a rebase rewrites an overlay's header in place and leaves the info file as it is
        givenVolumeWithActiveSnapshotFile();
        AtomicInteger tornReads = new AtomicInteger();
        ImageHeaderReader headers = spy(new ImageHeaderReader());
        doAnswer(call -> {
            if (tornReads.getAndIncrement() == 0) {
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME, "malformed qcow2 header", Map.of());
            }
            return call.callRealMethod();
        }).when(headers).read(any(Path.class));

        Optional<StoredVolume> found = new VolumeInventory(infoFile, headers).find(ID, List.of(share()));

        assertThat(found).get().satisfies(volume -> {
            assertThat(volume.activeFile()).isEqualTo(NAME + "." + SNAPSHOT);
            assertThat(volume.snapshotIds()).containsExactly(SNAPSHOT);
        });
    }

    @Test
    void aVolumeWhoseInfoFileStaysPutIsReportedAsItIsEvenWhenBroken() throws IOException {
        // the info file names an active file that is not there, and nobody is changing it
        Files.writeString(dir.resolve(NAME + ".info"),
                "{\n \"active\": \"" + NAME + "." + SNAPSHOT + "\",\n \"" + SNAPSHOT + "\": \"" + NAME + "\"\n}");
        Files.write(dir.resolve(NAME), new byte[4096]);
        VolumeInventory inventory = new VolumeInventory(infoFile, new ImageHeaderReader());

        assertThat(inventory.find(ID, List.of(share()))).isEmpty();
    }

    @Test
    void aMalformedHeaderUnderAStableInfoFileStaysAnError() throws IOException {
        Files.writeString(dir.resolve(NAME + ".info"), "{\n \"active\": \"" + NAME + "\"\n}");
        byte[] header = new byte[512];
        // qcow2 magic and version 3, then a header length beyond the file
        header[0] = 'Q';
        header[1] = 'F';
        header[2] = 'I';
        header[3] = (byte) 0xfb;
        header[7] = 3;
        header[100] = 0x7f;
        Files.write(dir.resolve(NAME), header);
        VolumeInventory inventory = new VolumeInventory(infoFile, new ImageHeaderReader());

        assertThatThrownBy(() -> inventory.find(ID, List.of(share())))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME));
        assertThat(inventory.list(List.of(share()))).isEmpty();
    }

    @Test
    void aSnapshotSizeIsUnknownWhenItsOverlayHasNoBackingFileOrTheInfoFileDoesNotNameIt() throws IOException {
        givenVolumeWithActiveSnapshotFile();
        VolumeInventory inventory = new VolumeInventory(infoFile, new ImageHeaderReader());
        StoredVolume volume = inventory.find(ID, List.of(share())).orElseThrow();

        // the overlay is a raw file here: nothing tells the size the volume had
        assertThat(inventory.snapshotSize(volume, SNAPSHOT)).isEmpty();
        assertThat(inventory.snapshotSize(volume, "6c2f0a4e-1d3b-4f5a-9e8d-7b6a5c4d3e2f")).isEmpty();
    }

    private void givenVolumeWithActiveSnapshotFile() throws IOException {
        Files.write(dir.resolve(NAME), new byte[4096]);
        Files.write(dir.resolve(NAME + "." + SNAPSHOT), new byte[4096]);
        infoFile.write(dir.resolve(NAME + ".info"),
                Map.of(InfoFile.ACTIVE, NAME + "." + SNAPSHOT, SNAPSHOT, NAME), file -> { });
    }

    private void deleteNewestSnapshotAsAnotherProcessWould() {
        try {
            infoFile.write(dir.resolve(NAME + ".info"), Map.of(InfoFile.ACTIVE, NAME), file -> { });
            Files.delete(dir.resolve(NAME + "." + SNAPSHOT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MountedShare share() {
        return new MountedShare(new Share(dir.toString(), null, "test"), dir);
    }
}
