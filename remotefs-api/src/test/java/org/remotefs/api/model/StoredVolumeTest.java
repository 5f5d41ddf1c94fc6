package org.remotefs.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** SPI version 2 added the base file; version 1's constructor keeps meaning what it meant. */
final class StoredVolumeTest {
    private static final String ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String NAME = "volume-" + ID;

    @Test
    void theVersion1ConstructorTakesTheNameForTheBaseFile() {
        StoredVolume volume = new StoredVolume(ID, NAME, 1, "/share", "/share/" + NAME, NAME, "raw", 1L << 30, 0,
                List.of());

        assertThat(volume.baseFile()).isEqualTo(NAME);
        assertThat(volume.name()).isEqualTo(NAME);
    }

    @Test
    void aBaseFileThatIsNotAFileOfTheVolumeIsRefused() {
        assertThatThrownBy(() -> new StoredVolume(ID, NAME, "volume-11111111-2222-4333-8444-555555555555.vhd", 1,
                "/share", "/share/x", "x", "vhd", 1L << 30, 0, List.of()))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }
}
