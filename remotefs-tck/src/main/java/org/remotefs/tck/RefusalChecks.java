package org.remotefs.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.ImageRef;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.Capability;

/**
 * What a backend must do with an operation of a capability it does not declare: refuse it with
 * {@code UNSUPPORTED} and change nothing on its shares.
 */
final class RefusalChecks {
    private RefusalChecks() {
    }

    /** Runs the refusal check; empty when the capability has no operation to refuse (a reason instead). */
    static Optional<String> check(Capability capability, Tck tck) throws Exception {
        VolumeDriver driver = tck.driver();
        Runnable operation = switch (capability) {
            case SNAPSHOTS -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume,
                        SnapshotStatus.CREATING, null, null));
            }
            case ONLINE_SNAPSHOTS -> {
                Volume volume = tck.newVolume(1).withStatus(VolumeStatus.IN_USE).withAttachStatus(AttachStatus.ATTACHED);
                yield () -> driver.createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume,
                        SnapshotStatus.CREATING, null, null));
            }
            case CLONE -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.createClonedVolume(Volume.create(UUID.randomUUID().toString(), 1), volume);
            }
            case VOLUME_FROM_SNAPSHOT -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.createVolumeFromSnapshot(Volume.create(UUID.randomUUID().toString(), 1),
                        new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.AVAILABLE, null, null));
            }
            case EXTEND -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.extendVolume(volume, 2);
            }
            case REVERT -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.revertToSnapshot(volume,
                        new Snapshot(UUID.randomUUID().toString(), volume, SnapshotStatus.AVAILABLE, null, null));
            }
            case MANAGE_EXISTING -> () -> driver.manageExisting(Volume.create(UUID.randomUUID().toString(), 1),
                    Map.of("source-name", "volume-" + UUID.randomUUID()));
            case IMAGE_COPY -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.copyImageToVolume(volume, new ImageRef("tck-image", null, null));
            }
            case ENCRYPTION -> () -> driver.createVolume(Volume.create(UUID.randomUUID().toString(), 1)
                    .withEncryptionKeyId("tck-key"));
            case MIGRATION -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.updateMigratedVolume(volume, Volume.create(UUID.randomUUID().toString(), 1),
                        VolumeStatus.AVAILABLE);
            }
            case THIN, THICK, QCOW2, POOLS -> null;
        };
        if (operation == null) {
            return Optional.of(capability + " is a way of laying out or reporting volumes, with no operation to"
                    + " refuse: the backend is not tested for it");
        }
        var before = tck.listing();
        assertThat(Tck.codeOf(operation)).as("an operation of undeclared capability %s must be refused", capability)
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(tck.listing()).as("a refused %s operation changes nothing on the shares", capability)
                .isEqualTo(before);
        return Optional.empty();
    }
}
