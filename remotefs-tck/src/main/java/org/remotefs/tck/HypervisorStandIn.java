package org.remotefs.tck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.ComputeAssist;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.json.Json;


/**
 * Does, with a real {@code qemu-img}, what Nova and libvirt do to a running guest's disk for
 * Cinder's assisted snapshots, and reports the snapshot's status as Nova does ({@code 90%} when
 * its part is done): on create, the guest moves to the new overlay the driver made (nothing to
 * change on the files, the overlay is checked); on delete, {@code blockRebase} pulls data into
 * the active image, or {@code blockCommit} merges an image into its base and points the image
 * above at that base. The guest's active file is the one the info file names. Thread-safe.
 */
public final class HypervisorStandIn implements ComputeAssist {
    private final Supplier<List<Path>> shareDirectories;
    private final InfoFile infoFile = new InfoFile(Json.mapper());
    private final Map<String, SnapshotProgress> statuses = new ConcurrentHashMap<>();
    private final List<Map<String, Object>> creates = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> deletes = new CopyOnWriteArrayList<>();

    /** @param shareDirectories where to find a volume's files, asked on every call */
    public HypervisorStandIn(Supplier<List<Path>> shareDirectories) {
        this.shareDirectories = shareDirectories;
    }

    /** The {@code create_info} payloads received, oldest first. */
    public List<Map<String, Object>> creates() {
        return List.copyOf(creates);
    }

    /** The {@code delete_info} payloads received, oldest first. */
    public List<Map<String, Object>> deletes() {
        return List.copyOf(deletes);
    }

    @Override
    public void createSnapshot(String volumeId, Map<String, Object> createInfo) {
        creates.add(copyOf(createInfo));
        String snapshotId = String.valueOf(createInfo.get("snapshot_id"));
        Object newFile = createInfo.get("new_file");
        Path directory = directoryOf(volumeId);
        // libvirt opens the overlay the driver made: it must be there, qcow2, on the active image
        if (newFile == null || !Files.isRegularFile(directory.resolve(newFile.toString()))
                || !"qcow2".equals(QemuTools.info(directory.resolve(newFile.toString())).path("format").asText())) {
            statuses.put(snapshotId, new SnapshotProgress("error", null));
            return;
        }
        statuses.put(snapshotId, new SnapshotProgress("creating", "90%"));
    }

    @Override
    public void deleteSnapshot(String snapshotId, Map<String, Object> deleteInfo) {
        deletes.add(copyOf(deleteInfo));
        String volumeId = String.valueOf(deleteInfo.get("volume_id"));
        Path directory = directoryOf(volumeId);
        String active = activeFile(directory, volumeId);
        Object toMerge = deleteInfo.get("file_to_merge");
        Object target = deleteInfo.get("merge_target_file");
        try {
            if (target == null) {
                // blockRebase: the active image takes in everything above its new base (none: all of it)
                if (toMerge == null) {
                    QemuTools.run("qemu-img", "rebase", "-f", "qcow2", "-b", "", directory.resolve(active).toString());
                } else {
                    QemuTools.run("qemu-img", "rebase", "-f", "qcow2", "-b", toMerge.toString(), "-F",
                            format(directory.resolve(toMerge.toString())), directory.resolve(active).toString());
                }
            } else {
                // blockCommit: the image merges into its base; the image above it now points at the base
                String top = toMerge.toString();
                String baseFormat = format(directory.resolve(target.toString()));
                QemuTools.run("qemu-img", "commit", "-f", "qcow2", "-d", directory.resolve(top).toString());
                for (Path file : volumeImages(directory, volumeId)) {
                    if (top.equals(QemuTools.info(file).path("backing-filename").asText())) {
                        QemuTools.run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", target.toString(), "-F",
                                baseFormat, file.toString());
                    }
                }
            }
        } catch (IllegalStateException e) {
            statuses.put(snapshotId, new SnapshotProgress("error_deleting", null));
            return;
        }
        statuses.put(snapshotId, new SnapshotProgress("deleting", "90%"));
    }

    @Override
    public SnapshotProgress status(String snapshotId) {
        SnapshotProgress progress = statuses.get(snapshotId);
        if (progress == null) {
            throw new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR,
                    "the hypervisor stand-in was never asked about snapshot " + snapshotId, Map.of("snapshot_id", snapshotId));
        }
        return progress;
    }

    private Path directoryOf(String volumeId) {
        return shareDirectories.get().stream().filter(dir -> baseFile(dir, volumeId) != null).findFirst()
                .orElseThrow(() -> new RemoteFsException(ErrorCode.COMPUTE_SERVICE_ERROR,
                        "the hypervisor stand-in finds no file of volume " + volumeId + " on the shares",
                        Map.of("volume_id", volumeId)));
    }

    /**
     * The volume's base file in {@code directory}, by either of Cinder's namings: {@code volume-<id>}
     * (NFS) or {@code volume-<id>.<format>} (SMB, and vhd/vhdx everywhere), found by itself or by its
     * info file {@code <base>.info}; null when the directory has neither. An overlay
     * ({@code volume-<id>.<snapshot id>[.<format>]}) is never taken for it: a snapshot id is no extension.
     */
    private static String baseFile(Path directory, String volumeId) {
        Pattern base = Pattern.compile(Pattern.quote("volume-" + volumeId) + "(\\.[a-z0-9]+)?");
        Pattern info = Pattern.compile(Pattern.quote("volume-" + volumeId) + "(\\.[a-z0-9]+)?\\.info");
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (var files = Files.list(directory)) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            for (String name : names) {
                if (info.matcher(name).matches()) {
                    return name.substring(0, name.length() - ".info".length());
                }
            }
            return names.stream().filter(name -> base.matcher(name).matches() && !name.endsWith(".info"))
                    .findFirst().orElse(null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list " + directory + ": " + e, e);
        }
    }

    /** The file the guest writes to: the one the info file names active (the base file without one). */
    private String activeFile(Path directory, String volumeId) {
        String base = baseFile(directory, volumeId);
        return infoFile.read(InfoFile.pathOf(directory.resolve(base)))
                .map(info -> info.getOrDefault(InfoFile.ACTIVE, base)).orElse(base);
    }

    private static List<Path> volumeImages(Path directory, String volumeId) {
        try (var files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("volume-" + volumeId + ".")
                    && !f.getFileName().toString().endsWith(".info")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list " + directory + ": " + e, e);
        }
    }

    private static String format(Path image) {
        return QemuTools.info(image).path("format").asText();
    }

    /** A read-only copy that keeps null values: Cinder sends {@code merge_target_file: null}. */
    private static Map<String, Object> copyOf(Map<String, Object> payload) {
        return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(payload));
    }
}
