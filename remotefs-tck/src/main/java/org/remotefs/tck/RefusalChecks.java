package org.remotefs.tck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
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
 * {@code UNSUPPORTED} and change nothing on its shares. For a volume format (vhd, vhdx), the
 * operation is the create of a volume asking for it by its {@code volume_format} extra spec. For a layout (thin, thick, qcow2), which
 * options choose, a backend asked for it must fail at setup with {@code UNSUPPORTED}, writing nothing.
 */
final class RefusalChecks {
    private RefusalChecks() {
    }

    /** Runs the refusal check; empty when the capability has no operation to refuse (a reason instead). */
    static Optional<String> check(Capability capability, Tck tck) throws Exception {
        if (isLayout(capability)) {
            checkLayout(capability, Provisioning.valueOf(capability.name()), tck);
            return Optional.empty();
        }
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
            // a format is asked for per volume, by Cinder's volume_format extra spec
            case VHD, VHDX -> () -> driver.createVolume(Tck.askingFormat(
                    Volume.create(UUID.randomUUID().toString(), 1), formatName(capability)));
            case MIGRATION -> {
                Volume volume = tck.newVolume(1);
                yield () -> driver.updateMigratedVolume(volume, Volume.create(UUID.randomUUID().toString(), 1),
                        VolumeStatus.AVAILABLE);
            }
            // layouts are checked above; pools are a way of reporting
            case THIN, THICK, QCOW2, POOLS -> null;
        };
        if (operation == null) {
            return Optional.of(capability + " is a way of reporting volumes, with no operation to refuse: the backend"
                    + " is not tested for it");
        }
        var before = tck.listing();
        assertThat(Tck.codeOf(operation)).as("an operation of undeclared capability %s must be refused", capability)
                .isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(tck.listing()).as("a refused %s operation changes nothing on the shares", capability)
                .isEqualTo(before);
        return Optional.empty();
    }

    /** Whether the capability is a way of laying out volume files, chosen by the backend's options. */
    static boolean isLayout(Capability capability) {
        return capability == Capability.THIN || capability == Capability.THICK || capability == Capability.QCOW2;
    }

    /** Whether the capability is a volume format a volume asks for ({@code volume_format}). */
    static boolean isFormat(Capability capability) {
        return capability == Capability.VHD || capability == Capability.VHDX;
    }

    /** Cinder's name of a format capability: {@code vhd}, {@code vhdx}. */
    static String formatName(Capability capability) {
        return capability.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How the report says the capability was refused. */
    static String refusal(Capability capability) {
        if (isLayout(capability)) {
            return capability + " is not declared, and a backend asked for " + capability + " volume files fails at"
                    + " setup with UNSUPPORTED";
        }
        if (isFormat(capability)) {
            return capability + " is not declared, and a volume asking for volume_format=" + formatName(capability)
                    + " is refused with UNSUPPORTED";
        }
        return capability + " is not declared, and its operation is refused with UNSUPPORTED";
    }

    /**
     * A layout is chosen by options, so there is no operation to refuse: the refusal is a backend
     * opened with that provisioning failing at setup, before it writes anything on its shares.
     */
    private static void checkLayout(Capability capability, Provisioning provisioning, Tck tck) throws Exception {
        Path directory = tck.backendScratch(provisioning);
        var before = tck.listing();
        RemoteFsException refused = null;
        try {
            tck.open(provisioning, directory);
        } catch (RemoteFsException e) {
            refused = e;
        }
        assertThat(refused).as("a backend asked for %s volume files, which it does not declare, must fail at setup;"
                + " it was opened", capability).isNotNull();
        assertThat(refused.code()).as("the code of a backend refused for %s volume files (%s)", capability,
                refused.getMessage()).isEqualTo(ErrorCode.UNSUPPORTED);
        // the shares of the test's own backend (a configured backend's, the same), and what the
        // refused backend would have had under its own scratch directory
        assertThat(tck.listing()).as("a refused %s layout changes nothing on the shares", capability)
                .isEqualTo(before);
        assertThat(setupFiles(directory)).as("a backend refused for %s volume files writes nothing on its shares",
                capability).isEmpty();
    }

    /** What a driver writes on a share: volume files and Cinder's secure-NAS indicator, anywhere under the directory. */
    private static List<String> setupFiles(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("volume-") || name.equals(".cinderSecureEnvIndicator");
            }).map(Path::toString).toList();
        }
    }
}
