package org.remotefs.api.model;

/**
 * An image as an image service describes it.
 *
 * @param id              the image id
 * @param name            its name, or null
 * @param diskFormat      {@code raw}, {@code qcow2}, ...; or null when the service does not say
 * @param containerFormat {@code bare}, ...; or null
 * @param size            its size in bytes, or -1 when unknown
 * @param status          the service's status ({@code active}, {@code queued}, ...), or null
 */
public record ImageMetadata(String id, String name, String diskFormat, String containerFormat, long size, String status) {

    public ImageMetadata {
        Checks.notBlank("image id", id);
    }

    public ImageRef ref() {
        return new ImageRef(id, name, diskFormat);
    }
}
