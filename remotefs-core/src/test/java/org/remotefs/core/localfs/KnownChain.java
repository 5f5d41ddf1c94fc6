package org.remotefs.core.localfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.core.json.Json;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.volume.ImageHeader;
import org.remotefs.core.volume.ImageHeaderReader;

/**
 * The volumes the random-kill harness starts from, holding known data, and the checks that the
 * data is still there. A chain volume of 1 GiB has 0x11 in MiB 0 of its raw base, then snapshot 1,
 * 0x22 in MiB 1, snapshot 2, 0x33 in MiB 2, snapshot 3, 0x44 in MiB 3; a plain volume only its
 * 0x11. Data is read with a real {@code qemu-io} through the chain the image headers name.
 */
final class KnownChain {
    /** What MiB 0 to 3 of the chain volume read. */
    static final int[] FULL = {0x11, 0x22, 0x33, 0x44};
    static final int[] PLAIN = {0x11, 0, 0, 0};
    /** The chain volume after a revert to its newest snapshot. */
    static final int[] REVERTED = {0x11, 0x22, 0x33, 0};

    private final Path share;
    private final ImageHeaderReader headers = new ImageHeaderReader();
    private final InfoFile infoFile = new InfoFile(Json.mapper());

    KnownChain(Path share) {
        this.share = share;
    }

    /** A new volume: plain, or with its three snapshots (ids oldest first, in the returned job). */
    CrashJob build(VolumeDriver driver, CrashOperation operation, String imageId) {
        String id = UUID.randomUUID().toString();
        driver.createVolume(Volume.create(id, 1));
        Path base = share.resolve("volume-" + id);
        QemuIo.write(base, "raw", FULL[0], 0);
        List<String> snapshots = new ArrayList<>();
        if (!operation.onPlainVolume()) {
            for (int i = 1; i < FULL.length; i++) {
                String snapshot = UUID.randomUUID().toString();
                StoredVolume stored = driver.findVolume(id).orElseThrow();
                Volume volume = new Volume(id, stored.name(), 1, stored.providerLocation(),
                        org.remotefs.api.model.VolumeStatus.AVAILABLE, org.remotefs.api.model.AttachStatus.DETACHED,
                        null, i == 1 ? "raw" : null, Map.of(), Map.of(), null);
                driver.createSnapshot(new Snapshot(snapshot, volume, SnapshotStatus.CREATING, null, null));
                snapshots.add(snapshot);
                QemuIo.write(share.resolve(active(id)), "qcow2", FULL[i], i);
            }
        }
        return new CrashJob(operation, id, snapshots, UUID.randomUUID().toString(), imageId);
    }

    /** The info file's entries, empty when there is none. */
    Map<String, String> info(String volumeId) {
        return infoFile.read(share.resolve("volume-" + volumeId + InfoFile.SUFFIX)).orElse(Map.of());
    }

    private String active(String volumeId) {
        return info(volumeId).getOrDefault(InfoFile.ACTIVE, "volume-" + volumeId);
    }

    /** What a snapshot of the chain volume reads: what the volume held when it was taken. */
    static int[] snapshotContent(int position) {
        int[] content = new int[FULL.length];
        System.arraycopy(FULL, 0, content, 0, position + 1);
        return content;
    }

    /**
     * Whether the volume's active image reads {@code expected}, and each snapshot its info file
     * records reads what the volume held when it was taken.
     *
     * @return what does not read as it should (empty when all does)
     */
    List<String> problems(CrashJob job, int[] expected) {
        List<String> problems = new ArrayList<>();
        String activeFile = active(job.volumeId());
        read(share.resolve(activeFile), expected).ifPresent(p -> problems.add("volume " + job.volumeId() + " ("
                + activeFile + ", expected " + Arrays.toString(expected) + "): " + p));
        Map<String, String> info = info(job.volumeId());
        for (int i = 0; i < job.snapshots().size(); i++) {
            String snapshot = job.snapshots().get(i);
            String file = info.get(snapshot);
            if (file == null) {
                continue;
            }
            ImageHeader header = headers.read(share.resolve(file));
            if (header.backingFile().isEmpty()) {
                problems.add("snapshot " + snapshot + " (" + file + ") has no backing file");
                continue;
            }
            Path content = share.resolve(header.backingFile().get());
            int[] wanted = snapshotContent(i);
            read(content, header.backingFormat().orElse("raw"), wanted).ifPresent(p -> problems.add("snapshot "
                    + snapshot + " (" + content.getFileName() + ", expected " + Arrays.toString(wanted) + "): " + p));
        }
        return problems;
    }

    /** Whether an image file reads the patterns (its format from its header), else why not. */
    java.util.Optional<String> read(Path image, int[] expected) {
        if (!Files.exists(image)) {
            return java.util.Optional.of("missing");
        }
        return read(image, headers.read(image).format().qemuName(), expected);
    }

    private static java.util.Optional<String> read(Path image, String format, int[] expected) {
        String mismatch = QemuIo.mismatch(image, format, expected);
        return java.util.Optional.ofNullable(mismatch);
    }
}
