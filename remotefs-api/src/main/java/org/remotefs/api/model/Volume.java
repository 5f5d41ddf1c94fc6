package org.remotefs.api.model;

import java.util.Map;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * A Cinder volume as the driver sees it.
 *
 * @param id               the volume's UUID
 * @param name             the file name on the share, {@code volume-<id>} by Cinder's
 *                         {@code volume_name_template} (after a migration, the name of another id)
 * @param size             the size in GiB, at least 1
 * @param providerLocation the share the volume lives on ({@code host:/export}, {@code //host/share},
 *                         a directory for localfs), or null before creation
 * @param status           Cinder's volume status
 * @param attachStatus     Cinder's attach status
 * @param host             Cinder's {@code host@backend#pool} string, or null
 * @param format           {@code admin_metadata['format']} ({@code raw}, {@code qcow2}, ...), or null when unknown
 * @param typeExtraSpecs   the volume type's extra specs
 * @param metadata         the volume's user metadata
 * @param encryptionKeyId  the encryption key id of an encrypted volume, or null
 */
public record Volume(
        String id,
        String name,
        int size,
        String providerLocation,
        VolumeStatus status,
        AttachStatus attachStatus,
        String host,
        String format,
        Map<String, String> typeExtraSpecs,
        Map<String, String> metadata,
        String encryptionKeyId) {

    /** Cinder's default {@code volume_name_template}. */
    public static final String NAME_TEMPLATE = "volume-%s";

    private static final Pattern HOST = Pattern.compile("[^@#\\s]+(@[^@#\\s]+)?(#[^@#\\s]+)?");
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+");

    public Volume {
        id = Checks.uuid("volume id", id);
        Checks.fileName("volume name", name);
        if (size < 1) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "volume " + id + ": size " + size + " GiB is not a positive number of GiB",
                    Map.of("volume_id", id, "size", Integer.toString(size)));
        }
        if (providerLocation != null && providerLocation.isBlank()) {
            providerLocation = null;
        }
        Checks.notNull("volume status", status);
        Checks.notNull("volume attach status", attachStatus);
        if (host != null && !HOST.matcher(host).matches()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "volume " + id + ": host '" + host + "' is not of the form host@backend#pool",
                    Map.of("volume_id", id, "host", host));
        }
        if (format != null && !FORMAT.matcher(format).matches()) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "volume " + id + ": format '" + format + "' is not a format name",
                    Map.of("volume_id", id, "format", format));
        }
        typeExtraSpecs = Checks.copy(typeExtraSpecs);
        metadata = Checks.copy(metadata);
    }

    /**
     * Checks that a volume id is a UUID, before it becomes part of a file name, and returns it in
     * its canonical lower-case form.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_INPUT} naming the id
     */
    public static String checkId(String id) {
        return Checks.uuid("volume id", id);
    }

    /** A new volume in status {@code creating}, detached, named by Cinder's default template. */
    public static Volume create(String id, int sizeGib) {
        id = Checks.uuid("volume id", id);
        return new Volume(id, String.format(NAME_TEMPLATE, id), sizeGib, null, VolumeStatus.CREATING,
                AttachStatus.DETACHED, null, null, Map.of(), Map.of(), null);
    }

    /** The pool part of {@link #host()} ({@code host@backend#pool}), or null. */
    public String pool() {
        if (host == null) {
            return null;
        }
        int hash = host.indexOf('#');
        return hash < 0 ? null : host.substring(hash + 1);
    }

    public boolean attached() {
        return attachStatus == AttachStatus.ATTACHED;
    }

    public boolean encrypted() {
        return encryptionKeyId != null;
    }

    public Volume withSize(int newSize) {
        return new Volume(id, name, newSize, providerLocation, status, attachStatus, host, format,
                typeExtraSpecs, metadata, encryptionKeyId);
    }

    public Volume withProviderLocation(String newProviderLocation) {
        return new Volume(id, name, size, newProviderLocation, status, attachStatus, host, format,
                typeExtraSpecs, metadata, encryptionKeyId);
    }

    public Volume withStatus(VolumeStatus newStatus) {
        return new Volume(id, name, size, providerLocation, newStatus, attachStatus, host, format,
                typeExtraSpecs, metadata, encryptionKeyId);
    }

    public Volume withAttachStatus(AttachStatus newAttachStatus) {
        return new Volume(id, name, size, providerLocation, status, newAttachStatus, host, format,
                typeExtraSpecs, metadata, encryptionKeyId);
    }

    public Volume withHost(String newHost) {
        return new Volume(id, name, size, providerLocation, status, attachStatus, newHost, format,
                typeExtraSpecs, metadata, encryptionKeyId);
    }

    public Volume withFormat(String newFormat) {
        return new Volume(id, name, size, providerLocation, status, attachStatus, host, newFormat,
                typeExtraSpecs, metadata, encryptionKeyId);
    }

    /** The volume with its volume type's extra specs replaced (e.g. {@code volume_format}). */
    public Volume withTypeExtraSpecs(Map<String, String> newTypeExtraSpecs) {
        return new Volume(id, name, size, providerLocation, status, attachStatus, host, format,
                newTypeExtraSpecs, metadata, encryptionKeyId);
    }

    public Volume withEncryptionKeyId(String newEncryptionKeyId) {
        return new Volume(id, name, size, providerLocation, status, attachStatus, host, format,
                typeExtraSpecs, metadata, newEncryptionKeyId);
    }
}
