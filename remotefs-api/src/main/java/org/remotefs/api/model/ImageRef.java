package org.remotefs.api.model;

/**
 * An image in an image service (Glance or a local directory).
 *
 * @param id         the image id
 * @param name       its name, or null
 * @param diskFormat its disk format ({@code raw}, {@code qcow2}, ...), or null when unknown
 */
public record ImageRef(String id, String name, String diskFormat) {

    public ImageRef {
        Checks.notBlank("image id", id);
    }
}
