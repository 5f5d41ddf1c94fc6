package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.CinderJson;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/**
 * qcow2 snapshot chains: created and deleted in every order, every snapshot and the volume reading
 * back the data written before it (qemu-io patterns), the info file in Cinder's exact bytes.
 */
@RemoteFsContract
class SnapshotChainContract {

    /** Before snapshot k: pattern 0x10*k at MiB 0 (overwritten) and at MiB k. */
    private static List<Snapshot> takeThree(Tck tck, Volume volume) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            tck.write(volume, 0x10 * k, 0);
            tck.write(volume, 0x10 * k, k);
            snapshots.add(tck.snapshot(volume));
        }
        tck.write(volume, 0x99, 0);
        return snapshots;
    }

    private static int[] at(int k) {
        int[] patterns = new int[5];
        patterns[0] = 0x10 * k;
        for (int i = 1; i <= k; i++) {
            patterns[i] = 0x10 * i;
        }
        return patterns;
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void snapshotsRecordOverlaysInCindersInfoFile(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        List<Snapshot> snapshots = takeThree(tck, volume);

        Map<String, String> info = tck.info(volume);
        assertThat(tck.infoText(volume)).isEqualTo(CinderJson.infoFile(info));
        assertThat(info).containsEntry("active", tck.overlayFile(volume, snapshots.get(2).id()));
        for (Snapshot snapshot : snapshots) {
            assertThat(info).containsEntry(snapshot.id(), tck.overlayFile(volume, snapshot.id()));
        }
        assertThat(tck.stored(volume).snapshotIds()).containsExactly(snapshots.stream().map(Snapshot::id)
                .toArray(String[]::new));
        for (int k = 1; k <= 3; k++) {
            assertThat(tck.snapshotMismatch(volume, snapshots.get(k - 1).id(), at(k))).as("snapshot %s", k).isNull();
        }
        assertThat(tck.mismatch(volume, 0x99, 0x10, 0x20, 0x30)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0,1,2", "1,0,2", "2,1,0", "1,2,0"})
    @Requires(Capability.SNAPSHOTS)
    void deletesInAnyOrderKeepEveryonesData(String order, Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        List<Snapshot> snapshots = takeThree(tck, volume);
        List<Integer> left = new ArrayList<>(List.of(0, 1, 2));
        for (String position : order.split(",")) {
            int index = Integer.parseInt(position);
            tck.driver().deleteSnapshot(snapshots.get(index).withStatus(SnapshotStatus.DELETING));
            left.remove(Integer.valueOf(index));

            assertThat(tck.mismatch(volume, 0x99, 0x10, 0x20, 0x30)).as("volume").isNull();
            Map<String, String> info = tck.info(volume);
            assertThat(info).hasSize(left.size() + 1);
            assertThat(tck.infoText(volume)).isEqualTo(CinderJson.infoFile(info));
            for (int remaining : left) {
                assertThat(tck.snapshotMismatch(volume, snapshots.get(remaining).id(), at(remaining + 1)))
                        .as("snapshot %s", remaining + 1).isNull();
            }
        }
        assertThat(tck.info(volume)).containsExactly(Map.entry("active", tck.baseFile(volume)));
    }

    @Test
    @Requires(Capability.SNAPSHOTS)
    void deletingAnUnknownSnapshotSucceedsAndChangesNothing(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1);
        tck.snapshot(volume);
        var before = tck.listing();

        tck.driver().deleteSnapshot(new Snapshot(java.util.UUID.randomUUID().toString(), volume,
                SnapshotStatus.DELETING, null, null));

        assertThat(tck.listing()).isEqualTo(before);
    }
}
