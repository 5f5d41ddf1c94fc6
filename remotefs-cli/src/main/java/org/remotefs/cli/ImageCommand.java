package org.remotefs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.spi.ImageService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code remotefs image ...}: the images of the configured image service. */
// its subcommands (Subcommands.MEMBERS) are added by the command line: only the one it names
@Command(name = "image", description = "List, show and delete the images of the configured image service.")
final class ImageCommand extends GroupCommand {
    static final List<String> COLUMNS = List.of("id", "name", "disk_format", "size", "status");

    @Command(name = "list", description = "List the images (the local service: the files of its directory; Glance:"
            + " GET /v2/images).")
    static final class ListImages implements Runnable, ReadOnlyCommand {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            ImageService service = root.session().imageService();
            List<Map<String, Object>> rows = new ImageLister().list(service).stream()
                    .map(Views::image).toList();
            root.output().rows(rows, COLUMNS);
        }
    }

    @Command(name = "show", description = "Show an image.")
    static final class Show implements Runnable, ReadOnlyCommand {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "IMAGE", description = "The image's id.")
        String id;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            root.output().object(Views.image(root.session().imageService().show(NonEmpty.check("IMAGE", id))));
        }
    }

    @Command(name = "delete", description = "Delete images; each is reported, and the exit status says whether all"
            + " were deleted.")
    static final class Delete implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "The images' ids.")
        List<String> ids;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            ImageService service = root.session().imageService();
            new Deletions(root, "images").run(ids, id -> {
                // an unknown id is IMAGE_NOT_FOUND, not a delete that did nothing
                ImageMetadata image = service.show(NonEmpty.check("IMAGE", id));
                service.delete(image.id());
                root.output().message("deleted image " + image.id());
                Map<String, Object> deleted = new LinkedHashMap<>();
                deleted.put("id", image.id());
                deleted.put("deleted", true);
                return deleted;
            });
        }
    }
}
