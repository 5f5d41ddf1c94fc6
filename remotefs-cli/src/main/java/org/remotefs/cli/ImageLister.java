package org.remotefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.host.HostServices;
import org.remotefs.core.image.LocalImageService;

/**
 * The images of the image service, which its SPI cannot list (Cinder never lists images): for
 * the local service, the image files of its directory, each shown as the service shows it. A
 * directory that does not exist has no images and is not created.
 */
final class ImageLister {
    /** The local service's image ids; partial uploads start with a dot, sidecars end in {@code .meta.json}. */
    private static final Pattern IMAGE_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final String SIDECAR = ".meta.json";

    List<ImageMetadata> list(ImageService service) {
        if (!(service instanceof LocalImageService local)) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED, "image list works with the local image service only;"
                    + " list Glance's images with 'openstack image list'",
                    Map.of("option", HostServices.IMAGE_SERVICE + ".type"));
        }
        Path directory = local.directory();
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(name -> IMAGE_FILE.matcher(name).matches() && !name.endsWith(SIDECAR))
                    .sorted().map(local::show).toList();
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.IMAGE_SERVICE_ERROR, "cannot list the image directory " + directory
                    + ": " + (e.getMessage() == null ? "unreadable" : e.getMessage()), Map.of("directory", directory.toString()), e);
        }
    }
}
