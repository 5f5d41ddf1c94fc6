package org.remotefs.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;

/** Overlays with forged backing files are refused before any qemu-img write, and nothing changes. */
final class LocalFsBackingFileSafetyIT {
    @TempDir
    Path share;

    static List<String> forgeries() {
        return List.of("/etc/hostname", "../outside", "volume-11111111-2222-4333-8444-555555555555",
                "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"/etc/hostname\"}}",
                "nbd://127.0.0.1:10809/x", "@INFO@");
    }

    record Operation(String name, Consumer<Fixture> action) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Fixture(VolumeDriver driver, Volume volume, String snapshotId) {
    }

    static List<Arguments> cases() {
        List<Operation> operations = List.of(
                new Operation("create_snapshot", f -> f.driver().createSnapshot(
                        new Snapshot(UUID.randomUUID().toString(), f.volume(), SnapshotStatus.CREATING, null, null))),
                new Operation("delete_snapshot", f -> f.driver().deleteSnapshot(
                        new Snapshot(f.snapshotId(), f.volume(), SnapshotStatus.DELETING, null, null))),
                new Operation("create_volume_from_snapshot", f -> f.driver().createVolumeFromSnapshot(
                        Volume.create(UUID.randomUUID().toString(), 1),
                        new Snapshot(f.snapshotId(), f.volume(), SnapshotStatus.AVAILABLE, null, null))),
                new Operation("create_cloned_volume", f -> f.driver().createClonedVolume(
                        Volume.create(UUID.randomUUID().toString(), 1), f.volume())),
                new Operation("extend_volume", f -> f.driver().extendVolume(f.volume(), 2)),
                new Operation("revert_to_snapshot", f -> f.driver().revertToSnapshot(f.volume(),
                        new Snapshot(f.snapshotId(), f.volume(), SnapshotStatus.AVAILABLE, null, null))));
        return forgeries().stream().flatMap(forged -> operations.stream().map(op -> Arguments.of(forged, op))).toList();
    }

    @ParameterizedTest(name = "{1} with backing file {0}")
    @MethodSource("cases")
    void aForgedBackingFileIsRefusedAndNothingChanges(String forged, Operation operation) throws Exception {
        VolumeDriver driver = LocalFsFixture.driver(share, "");
        Volume created = Volume.create(UUID.randomUUID().toString(), 1);
        ModelUpdate update = driver.createVolume(created);
        Volume volume = created.withProviderLocation(update.providerLocation()).withStatus(VolumeStatus.AVAILABLE);
        String snapshotId = UUID.randomUUID().toString();
        driver.createSnapshot(new Snapshot(snapshotId, volume, SnapshotStatus.CREATING, null, null));
        String backing = forged.equals("@INFO@") ? volume.name() + ".info" : forged;
        LocalFsFixture.run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", backing, "-F", "raw",
                share.resolve(volume.name() + "." + snapshotId).toString());
        Map<String, Object> before = snapshotOf(share);

        assertThatThrownBy(() -> operation.action().accept(new Fixture(driver, volume, snapshotId)))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_BACKING_FILE));
        assertThat(snapshotOf(share)).isEqualTo(before);
    }

    /** Every file's size, modification time and content hash. */
    private static Map<String, Object> snapshotOf(Path dir) throws Exception {
        Map<String, Object> state = new HashMap<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                FileTime modified = Files.getLastModifiedTime(file);
                byte[] head = new byte[65536];
                int read;
                try (var in = Files.newInputStream(file)) {
                    read = in.readNBytes(head, 0, head.length);
                }
                state.put(file.getFileName().toString(), List.of(Files.size(file), modified,
                        java.util.Arrays.hashCode(java.util.Arrays.copyOf(head, read))));
            }
        }
        return state;
    }
}
