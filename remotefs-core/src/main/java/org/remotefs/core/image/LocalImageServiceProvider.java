package org.remotefs.core.image;

import java.nio.file.Path;

import org.remotefs.api.spi.HostServiceProvider;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.ImageService;
import org.remotefs.core.json.Json;
import org.remotefs.core.volume.ImageHeaderReader;

/** {@code remotefs.image_service.type = local}: a directory of image files, the image id being the file name. */
public final class LocalImageServiceProvider implements HostServiceProvider<ImageService> {

    @Override
    public Class<ImageService> service() {
        return ImageService.class;
    }

    @Override
    public String type() {
        return "local";
    }

    @Override
    public ImageService create(HostServiceSettings settings) {
        return new LocalImageService(Path.of(settings.string("local_directory", "remotefs-images")), Json.lazyMapper(),
                new ImageHeaderReader());
    }
}
