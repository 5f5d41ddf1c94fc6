package org.remotefs.core.layout;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

import jakarta.inject.Singleton;

/**
 * Cinder's backing-file template ({@code _qemu_img_info_base}): a backing file named in a
 * volume's chain must be one of that volume's own files —
 * {@code [<mount point>/]<volume name>[.[tmp-snap-]<hex id>][<extension>]} — exactly the names
 * the backend's naming rule gives the volume's files ({@link VolumeNames}) — so that a qcow2 header a tenant
 * wrote cannot make a later {@code qemu-img} operation read a host file into the volume.
 *
 * <p>Stricter than Cinder's regex, which interpolates the mount base unescaped (its characters
 * stay live), leaves the dot before the snapshot part unescaped (any character matches), lets
 * {@code $} match before a trailing newline, and accepts an absolute path under any share's mount
 * point: here the base is quoted, the dot is a dot, the whole name must match, and an absolute
 * path must lie in the volume's own directory. Refused, among others: an absolute path elsewhere,
 * {@code ..}, another volume's file, a {@code json:} or protocol URL, the {@code .info} file.
 */
@Singleton
public final class BackingFileCheck {
    private static final String SNAPSHOT_PART = "(?:\\.(?:tmp-snap-)?[0-9a-f-]+)?";

    /**
     * @param image       the image whose header names {@code backing}, for the message
     * @param backing     the backing file name as recorded
     * @param volume      the names of the volume's files
     * @param directory   the directory the volume's files are in (its share's mount point)
     * @return the backing file's bare name in {@code directory}
     * @throws RemoteFsException {@link ErrorCode#INVALID_BACKING_FILE}
     */
    public String check(Path image, String backing, VolumeNames volume, Path directory) {
        // Cinder's #valid_ext is optional on every name; here a volume's files all carry its
        // base's extension (or none), as the naming rule writes them
        Pattern template = Pattern.compile("(?:" + Pattern.quote(directory.toString() + "/") + ")?("
                + Pattern.quote(volume.stem()) + SNAPSHOT_PART + Pattern.quote(volume.extension()) + ")",
                Pattern.CASE_INSENSITIVE);
        var matcher = template.matcher(backing);
        if (!matcher.matches()) {
            throw new RemoteFsException(ErrorCode.INVALID_BACKING_FILE,
                    "image " + image + " has an invalid backing file: " + backing,
                    Map.of("file", image.toString(), "backing_file", backing));
        }
        return matcher.group(1);
    }

    /** {@link #check(Path, String, VolumeNames, Path)} for a volume of plain names ({@code volume-<id>}). */
    public String check(Path image, String backing, String volumeName, Path directory) {
        return check(image, backing, VolumeNames.plain(volumeName), directory);
    }
}
