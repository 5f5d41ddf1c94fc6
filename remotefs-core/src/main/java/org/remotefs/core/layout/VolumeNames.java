package org.remotefs.core.layout;

import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.volume.TemporaryNames;

/**
 * The names of one volume's files in its share directory, by the backend's naming rule
 * ({@link FileNaming}): the base file {@code <stem><extension>}, snapshot overlays
 * {@code <stem>.<snapshot id><extension>} and the info file {@code <base>.info} — Cinder's NFS
 * names ({@code volume-<id>}, {@code volume-<id>.<snap>}, {@code volume-<id>.info}) when the
 * extension is empty, its SMB drivers' names ({@code volume-<id>.qcow2},
 * {@code volume-<id>.<snap>.qcow2}, {@code volume-<id>.qcow2.info}) otherwise. An overlay keeps
 * the base's extension whatever it holds (always qcow2), as Cinder's SMB driver names it.
 *
 * @param stem      the volume's name, {@code volume-<id>} (Cinder's {@code volume.name})
 * @param extension the base file's extension with its dot ({@code .vhdx}), or empty
 */
public record VolumeNames(String stem, String extension) {

    public VolumeNames {
        if (stem == null || stem.isEmpty() || stem.indexOf('/') >= 0 || stem.contains("..")) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT, "'" + stem + "' is not a volume name",
                    Map.of("name", String.valueOf(stem)));
        }
        if (extension == null) {
            extension = "";
        }
        if (!extension.isEmpty() && !extension.matches("\\.[a-z0-9]+")) {
            throw new IllegalArgumentException("not a file-name extension: " + extension);
        }
    }

    /** Names without an extension: Cinder's NFS layout. */
    public static VolumeNames plain(String stem) {
        return new VolumeNames(stem, "");
    }

    /** The base file: {@code <stem><extension>}. */
    public String base() {
        return stem + extension;
    }

    /** The info file: {@code <base>.info}. */
    public String info() {
        return base() + InfoFile.SUFFIX;
    }

    /**
     * The journal of a multi-step change to the chain ({@code <info file>.journal}): written before
     * the change begins, removed when it is done. Python Cinder ignores it.
     */
    public String journal() {
        return info() + ".journal";
    }

    /**
     * The journal of a clone through a temporary snapshot ({@code <info file>.clone.journal}): it
     * names the temporary snapshot and the new volume while the clone runs. Python Cinder ignores it.
     */
    public String cloneJournal() {
        return info() + ".clone.journal";
    }

    /**
     * Whether a file name is one of the volume's records beside its images: the info file and
     * anything named after it (its journals). None is an image.
     */
    public boolean isRecord(String fileName) {
        return fileName.equals(info()) || fileName.startsWith(info() + ".") && !TemporaryNames.isTemporary(fileName);
    }

    /** The overlay a snapshot creates: {@code <stem>.<snapshot id><extension>}. */
    public String overlay(String snapshotId) {
        return stem + "." + snapshotId + extension;
    }

    /**
     * Whether a file name is one of the volume's images: its base, or {@code <stem>.<something>}
     * ending in its extension; no path, and neither its info file nor a temporary file.
     */
    public boolean owns(String fileName) {
        if (fileName == null || fileName.indexOf('/') >= 0 || fileName.contains("..")
                || isRecord(fileName) || TemporaryNames.isTemporary(fileName)) {
            return false;
        }
        if (fileName.equals(base())) {
            return true;
        }
        return fileName.startsWith(stem + ".") && fileName.endsWith(extension)
                && fileName.length() > stem.length() + 1 + extension.length();
    }
}
