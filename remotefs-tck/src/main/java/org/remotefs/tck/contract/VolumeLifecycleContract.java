package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Tck;

/** Volumes are created, found by their files, and deleted whole; exports are no-ops. */
@RemoteFsContract
class VolumeLifecycleContract {

    @Test
    void createdVolumesAreFoundByTheirFiles(Tck tck) {
        Volume volume = tck.newVolume(1);

        StoredVolume stored = tck.stored(volume);
        assertThat(stored.name()).isEqualTo("volume-" + volume.id());
        // the base file is the name, or the name and an extension by the backend's naming rule
        assertThat(stored.baseFile()).isEqualTo(tck.expectedBaseFile(volume, stored.format()));
        assertThat(tck.directoryOf(volume).resolve(stored.baseFile())).isRegularFile();
        assertThat(stored.providerLocation()).isEqualTo(volume.providerLocation());
        assertThat(stored.size()).isEqualTo(1);
        assertThat(tck.driver().listVolumes()).extracting(StoredVolume::id).contains(volume.id());
    }

    @Test
    void deleteRemovesTheVolumeAndIsIdempotent(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);

        java.nio.file.Path directory = tck.directoryOf(volume);

        tck.driver().deleteVolume(volume);
        tck.driver().deleteVolume(volume);

        assertThat(tck.driver().findVolume(volume.id())).isEmpty();
        assertThat(tck.filesOf(volume, directory)).as("files of the deleted volume").isEmpty();
    }

    @Test
    void deleteWithoutProviderLocationChangesNothing(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        var before = tck.listing();

        tck.driver().deleteVolume(volume.withProviderLocation(null));

        assertThat(tck.listing()).isEqualTo(before);
    }

    @Test
    void aSecondCreateOfOneIdIsRefusedAndChangesNothing(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        var before = tck.listing();

        assertThat(Tck.codeOf(() -> tck.driver().createVolume(Volume.create(volume.id(), 2))))
                .isEqualTo(ErrorCode.VOLUME_EXISTS);
        assertThat(tck.listing()).isEqualTo(before);
    }

    @Test
    void exportsAreNoOpsThatChangeNothing(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        var before = tck.listing();

        tck.driver().ensureExport(volume);
        assertThat(tck.driver().createExport(volume, Connector.ofHost("tck")).toCinderMap()).isEmpty();
        tck.driver().removeExport(volume);
        tck.driver().terminateConnection(volume, Connector.ofHost("tck"));

        assertThat(tck.listing()).isEqualTo(before);
    }

    @Test
    void unknownVolumesAreNotFound(Tck tck) {
        assertThat(tck.driver().findVolume(UUID.randomUUID().toString())).isEmpty();
    }
}
