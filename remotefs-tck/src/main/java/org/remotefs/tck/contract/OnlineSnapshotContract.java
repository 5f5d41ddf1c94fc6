package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/**
 * Snapshots of an attached volume go through the compute service (the TCK's hypervisor
 * stand-in does to the files what libvirt would): the guest keeps writing to the active image,
 * every snapshot keeps its data through deletes in either order, and the info file only ever
 * names files that exist.
 */
@RemoteFsContract
class OnlineSnapshotContract {

    @Test
    @Requires(Capability.ONLINE_SNAPSHOTS)
    void snapshotsOfAnAttachedVolumeAreMadeAndMergedThroughTheComputeService(Tck tck) throws Exception {
        Volume volume = tck.newVolume(1).withStatus(VolumeStatus.IN_USE).withAttachStatus(AttachStatus.ATTACHED);
        tck.write(volume, 0x91, 0);
        Snapshot first = tck.snapshot(volume);
        tck.write(volume, 0x92, 1);
        Snapshot second = tck.snapshot(volume);
        tck.write(volume, 0x93, 2);

        assertThat(tck.hypervisor().creates()).extracting(info -> info.get("snapshot_id"))
                .containsExactly(first.id(), second.id());
        assertThat(tck.hypervisor().creates()).allSatisfy(info -> assertThat(info.get("type")).isEqualTo("qcow2"));
        assertThat(tck.hypervisor().creates().get(1).get("new_file")).isEqualTo(tck.info(volume).get(second.id()));
        assertThat(tck.info(volume).get("active")).as("the guest's file is the active one")
                .isEqualTo(tck.info(volume).get(second.id()));
        assertThat(tck.snapshotMismatch(volume, first.id(), 0x91)).isNull();
        assertThat(tck.snapshotMismatch(volume, second.id(), 0x91, 0x92)).isNull();
        assertNamesOnlyFilesThatExist(tck, volume);

        // the oldest first: the hypervisor merges while the guest runs
        tck.driver().deleteSnapshot(first.withStatus(SnapshotStatus.DELETING));
        assertThat(tck.hypervisor().deletes()).hasSize(1);
        assertThat(tck.info(volume)).doesNotContainKey(first.id()).containsKey(second.id());
        assertThat(tck.snapshotMismatch(volume, second.id(), 0x91, 0x92)).isNull();
        assertThat(tck.mismatch(volume, 0x91, 0x92, 0x93)).isNull();
        assertNamesOnlyFilesThatExist(tck, volume);

        // then the newest, whose file the guest writes to
        tck.write(volume, 0x94, 3);
        tck.driver().deleteSnapshot(second.withStatus(SnapshotStatus.DELETING));
        assertThat(tck.hypervisor().deletes()).hasSize(2);
        assertThat(tck.info(volume)).containsOnlyKeys("active");
        assertThat(tck.mismatch(volume, 0x91, 0x92, 0x93, 0x94)).isNull();
        assertNamesOnlyFilesThatExist(tck, volume);
    }

    /** The info file names existing files, and the volume has no other image file left over. */
    private static void assertNamesOnlyFilesThatExist(Tck tck, Volume volume) throws Exception {
        Map<String, String> info = tck.info(volume);
        Set<String> named = new HashSet<>(info.values());
        for (String file : named) {
            assertThat(tck.directoryOf(volume).resolve(file)).as("file %s named by %s", file, info).isRegularFile();
        }
        // overlays: the volume's files other than its base and its info file
        String base = tck.baseFile(volume);
        Set<String> images = new HashSet<>();
        try (var files = Files.list(tck.directoryOf(volume))) {
            files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(volume.name() + ".") && !n.equals(base) && !n.endsWith(".info"))
                    .forEach(images::add);
        }
        assertThat(named).as("files named by the info file %s", info).containsAll(images);
    }
}
