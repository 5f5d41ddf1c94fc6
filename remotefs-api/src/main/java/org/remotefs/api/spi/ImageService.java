package org.remotefs.api.spi;

import java.nio.file.Path;

import org.remotefs.api.model.ImageMetadata;

/**
 * Where images come from and go to (Glance, a local directory): a host service the runtime hands
 * to drivers through {@link DriverContext}. Implementations are thread-safe.
 *
 * <p>Errors: {@link org.remotefs.api.RemoteFsException} with {@code IMAGE_NOT_FOUND} for an
 * unknown image, {@code IMAGE_SERVICE_ERROR} when the service fails or cannot be reached.
 */
public interface ImageService {

    /** The image's metadata. Changes nothing. */
    ImageMetadata show(String imageId);

    /**
     * Writes the image's bytes, as stored, to {@code target} (a new file). On failure no
     * {@code target} is left.
     */
    void download(String imageId, Path target, ProgressListener progress);

    /** Registers a new, empty image; returns it with its id. */
    ImageMetadata create(String name, String diskFormat);

    /**
     * Uploads {@code source}'s bytes as the content of an image made by {@link #create}. Where the
     * service stores files, the stored image gets the permission bits of {@code source}, so a
     * caller gives {@code source} the mode the image is to have (a driver: its volumes' mode). A
     * service that stores images remotely (Glance) has no file mode to give, and ignores it.
     */
    void upload(String imageId, Path source, ProgressListener progress);

    /** Removes an image (one whose upload failed). Idempotent: an image already gone is not an error. */
    void delete(String imageId);
}
