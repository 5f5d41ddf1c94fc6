package org.remotefs.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

final class VolumeTest {
    private static final String ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void createNamesTheFileByCindersTemplate() {
        Volume volume = Volume.create(ID, 3);

        assertThat(volume.name()).isEqualTo("volume-" + ID);
        assertThat(volume.size()).isEqualTo(3);
        assertThat(volume.status()).isEqualTo(VolumeStatus.CREATING);
        assertThat(volume.attachStatus()).isEqualTo(AttachStatus.DETACHED);
        assertThat(volume.providerLocation()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "not-a-uuid", "", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/..",
            "0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d"})
    void refusesIdsThatAreNotUuids(String id) {
        assertThatThrownBy(() -> Volume.create(id, 1))
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesSizesBelowOneGib(int size) {
        assertThatThrownBy(() -> Volume.create(ID, size))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    RemoteFsException error = (RemoteFsException) e;
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(error.details()).containsEntry("volume_id", ID);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", ".hidden", "x..y"})
    void refusesNamesThatAreNotPlainFileNames(String name) {
        assertThatThrownBy(() -> new Volume(ID, name, 1, null, VolumeStatus.AVAILABLE, AttachStatus.DETACHED, null,
                null, Map.of(), Map.of(), null))
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void hostGivesThePool() {
        Volume volume = Volume.create(ID, 1).withHost("node1@nfs-1#share2");

        assertThat(volume.pool()).isEqualTo("share2");
        assertThat(Volume.create(ID, 1).withHost("node1@nfs-1").pool()).isNull();
    }

    @Test
    void refusesAMalformedHost() {
        assertThatThrownBy(() -> Volume.create(ID, 1).withHost("a#b#c"))
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void attachedFollowsTheAttachStatusNotTheStatus() {
        Volume volume = Volume.create(ID, 1).withStatus(VolumeStatus.BACKING_UP).withAttachStatus(AttachStatus.ATTACHED);

        assertThat(volume.attached()).isTrue();
        assertThat(volume.withAttachStatus(AttachStatus.DETACHED).withStatus(VolumeStatus.IN_USE).attached()).isFalse();
    }

    @Test
    void collectionsAreCopied() {
        java.util.HashMap<String, String> metadata = new java.util.HashMap<>(Map.of("a", "1"));
        Volume volume = new Volume(ID, "volume-" + ID, 1, null, VolumeStatus.AVAILABLE, AttachStatus.DETACHED, null,
                null, Map.of(), metadata, null);
        metadata.put("b", "2");

        assertThat(volume.metadata()).containsOnlyKeys("a");
    }

    @Test
    void statusesKeepCindersSpelling() {
        assertThat(VolumeStatus.IN_USE.cinderName()).isEqualTo("in-use");
        assertThat(VolumeStatus.fromCinderName("error_backing-up")).isEqualTo(VolumeStatus.ERROR_BACKING_UP);
        assertThatThrownBy(() -> VolumeStatus.fromCinderName("in_use"))
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }
}
