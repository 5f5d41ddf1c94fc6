package org.remotefs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code remotefs volume ...}: volumes on the backend's shares, found by their files. */
// its subcommands (Subcommands.MEMBERS) are added by the command line: only the one it names
@Command(name = "volume", description = "Create, show, list, extend, upload and delete volumes.")
final class VolumeCommand extends GroupCommand {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VolumeCommand.class);
    static final List<String> COLUMNS = List.of("id", "size", "format", "provider_location", "active");
    /** Cinder's volume type extra spec choosing a volume's format. */
    static final String VOLUME_FORMAT_SPEC = "volume_format";

    @Command(name = "create", description = "Create a volume: empty on the eligible share with the fewest allocated "
            + "bytes (Cinder's choice), or from a snapshot, or as a clone of another volume, or from an image.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--size", paramLabel = "GIB",
                description = "Size in GiB, a whole number of at least 1 (default with --snapshot: the volume's size when the "
                        + "snapshot was taken; with --source-volume: the source's size).")
        String size;

        @Option(names = "--id", paramLabel = "UUID", description = "The volume's id (default: a new random UUID).")
        String id;

        @Option(names = "--snapshot", paramLabel = "SNAPSHOT_ID", description = "Copy this snapshot's content.")
        String snapshotId;

        @Option(names = "--source-volume", paramLabel = "VOLUME_ID", description = "Clone this volume.")
        String sourceVolumeId;

        @Option(names = "--pool", paramLabel = "NAME", description = "Place the volume on this pool's share (a backend"
                + " that reports pools: see stats); Cinder's host@backend#pool.")
        String pool;

        @Option(names = "--image", paramLabel = "IMAGE", description = "Write this image into the new volume "
                + "(an image id of the image service; for the local one, a file name in its directory).")
        String imageId;

        @Option(names = "--volume-format", paramLabel = "FORMAT", description = "The volume's format: raw, qcow2, vhd"
                + " or vhdx (Cinder's volume_format extra spec); default: the backend's, or with --snapshot and"
                + " --source-volume the source's when its file name carries it (volume-<id>.vhd). A format the"
                + " backend does not offer is refused (UNSUPPORTED).")
        String volumeFormat;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            if ((snapshotId != null ? 1 : 0) + (sourceVolumeId != null ? 1 : 0) + (imageId != null ? 1 : 0) > 1) {
                throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                        "give one of --snapshot, --source-volume and --image",
                        Map.of("option", "--snapshot, --source-volume, --image"));
            }
            if (size == null && snapshotId == null && sourceVolumeId == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "Missing required option: '--size=GIB' (optional only with --snapshot or --source-volume)");
            }
            String volumeId = id == null ? UUID.randomUUID().toString() : Volume.checkId(id);
            Session session = root.session();
            VolumeDriver driver = session.driver();
            Session.FoundSnapshot snapshot = snapshotId == null ? null : session.snapshot(snapshotId);
            StoredVolume source = sourceVolumeId == null ? null : session.volume(sourceVolumeId);
            ImageMetadata image = imageId == null ? null : session.imageService().show(NonEmpty.check("--image", imageId));
            // as Cinder: a volume from a snapshot is by default as large as the volume was when it was taken
            int sourceSize = snapshot != null ? session.snapshotSize(snapshot.id(), snapshot.volume())
                    : source != null ? source.size() : 0;
            Volume sized = Volume.create(volumeId, size == null ? sourceSize : parseSize(size));
            Volume placed = pool == null ? sized : inPool(sized, pool, session);
            // as a Cinder clone inherits its source's volume type: the format its file name tells
            String format = volumeFormat != null ? volumeFormat
                    : namedFormat(snapshot != null ? snapshot.volume() : source);
            Volume volume = format == null ? placed
                    : placed.withTypeExtraSpecs(Map.of(VOLUME_FORMAT_SPEC, format));
            if (driver.findVolume(volumeId).isPresent()) {
                throw new RemoteFsException(ErrorCode.VOLUME_EXISTS, "volume " + volumeId + " already exists",
                        Map.of("volume_id", volumeId));
            }
            ModelUpdate update;
            if (snapshot != null) {
                update = driver.createVolumeFromSnapshot(volume, Session.asSnapshot(snapshot, SnapshotStatus.AVAILABLE));
            } else if (source != null) {
                update = driver.createClonedVolume(volume, Session.asVolume(source));
            } else if (image != null) {
                // in one step where the driver can (no empty volume is ever listed), else as Cinder's manager
                update = driver.cloneImage(volume, image.ref()).orElseGet(() -> createAndCopy(driver, volume, image));
            } else {
                update = driver.createVolume(volume);
            }
            StoredVolume created = session.volume(volumeId);
            root.output().message("created volume " + volumeId + " (" + volume.size() + " GiB) on "
                    + update.providerLocation());
            root.output().object(Views.volume(created));
        }

        /** The format a source volume's base file name carries ({@code volume-<id>.vhd}), or null. */
        private static String namedFormat(StoredVolume source) {
            if (source == null || source.baseFile().length() <= source.name().length() + 1) {
                return null;
            }
            return source.baseFile().substring(source.name().length() + 1);
        }

        /**
         * The volume with Cinder's host string naming the pool, {@code remotefs@<backend>#<pool>}; a
         * backend that reports no pools, or a name that cannot stand in a host string, is refused.
         */
        private static Volume inPool(Volume volume, String pool, Session session) {
            if (session.driver().getVolumeStats(true).pools().isEmpty()) {
                throw new RemoteFsException(ErrorCode.INVALID_INPUT, "backend '" + session.backendName()
                        + "' reports no pools: --pool " + pool + " cannot be honoured",
                        Map.of("option", "--pool", "pool", pool));
            }
            if (pool.isBlank() || pool.chars().anyMatch(c -> c == '@' || c == '#' || Character.isWhitespace(c))) {
                throw new RemoteFsException(ErrorCode.INVALID_INPUT, "pool name '" + pool + "' cannot stand in a"
                        + " host string (no @, # or white space); map the share to another name",
                        Map.of("option", "--pool", "pool", pool));
            }
            return volume.withHost("remotefs@" + session.backendName() + "#" + pool);
        }

        /** Cinder's manager without {@code clone_image}: create the volume, copy the image in, delete it on failure. */
        private static ModelUpdate createAndCopy(VolumeDriver driver, Volume volume, ImageMetadata image) {
            ModelUpdate update = driver.createVolume(volume);
            Volume created = volume.withProviderLocation(update.providerLocation())
                    .withStatus(org.remotefs.api.model.VolumeStatus.DOWNLOADING)
                    .withFormat(update.adminMetadata().get("format"));
            try {
                driver.copyImageToVolume(created, image.ref());
            } catch (RuntimeException e) {
                // as Cinder's manager does, a volume whose image copy failed is not kept
                try {
                    driver.deleteVolume(created);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            return update;
        }
    }

    @Command(name = "extend", description = "Grow a volume.")
    static final class Extend implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The volume's UUID.")
        String id;

        @Option(names = "--size", required = true, paramLabel = "GIB", description = "The new size in GiB, larger than the current one.")
        String size;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            int newSize = parseSize(size);
            StoredVolume volume = root.session().volume(id);
            if (newSize == volume.size()) {
                // a retry of an extend whose answer was lost finds the volume at its size: done
                LOG.warn("volume {} already has {} GiB: nothing to extend", volume.id(), newSize);
                root.output().object(Views.volume(volume));
                return;
            }
            root.session().driver().extendVolume(Session.asVolume(volume), newSize);
            root.output().message("extended volume " + volume.id() + " to " + newSize + " GiB");
            root.output().object(Views.volume(root.session().volume(volume.id())));
        }
    }

    @Command(name = "delete", description = "Delete volumes and all their files; each is reported, and the exit"
            + " status says whether all were deleted. A volume with snapshots is refused (INVALID_VOLUME) and left as"
            + " it is, unless --cascade is given.")
    static final class Delete implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", arity = "1..*", description = "The volumes' UUIDs.")
        List<String> ids;

        @Option(names = "--cascade", description = "Delete the volume's snapshots with it, as "
                + "'openstack volume delete --cascade' does.")
        boolean cascade;

        @Option(names = "--force", description = "Delete the volume by its file names (volume-<id>, volume-<id>.*), "
                + "without reading its info file: for a volume whose info file is unreadable or names unsafe files.")
        boolean force;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            new Deletions(root, "volumes").run(ids, id -> delete(root, id));
        }

        private Map<String, Object> delete(RemoteFsCommand root, String id) {
            if (force) {
                List<String> files = root.session().driver().forceDeleteVolume(id);
                root.output().message("deleted volume " + id + " by its file names: " + String.join(", ", files));
                Map<String, Object> deleted = new LinkedHashMap<>();
                deleted.put("id", id);
                deleted.put("deleted", true);
                deleted.put("files_deleted", files);
                return deleted;
            }
            StoredVolume volume = root.session().volume(id);
            // Cinder's API refuses to delete a volume with snapshots unless cascade is asked for;
            // the driver's delete removes every file of the volume, so the refusal is made here.
            List<String> snapshots = volume.snapshotIds();
            if (!snapshots.isEmpty() && !cascade) {
                throw new RemoteFsException(ErrorCode.INVALID_VOLUME, "volume " + volume.id() + " has "
                        + snapshots.size() + " snapshot(s): " + String.join(", ", snapshots)
                        + "; delete them first, or give --cascade to delete them with the volume",
                        Map.of("volume_id", volume.id(), "snapshots", String.join(",", snapshots)));
            }
            root.session().driver().deleteVolume(Session.asVolume(volume));
            root.output().message("deleted volume " + volume.id() + " from " + volume.providerLocation()
                    + (snapshots.isEmpty() ? "" : " with its snapshot(s) " + String.join(", ", snapshots)));
            Map<String, Object> deleted = new LinkedHashMap<>();
            deleted.put("id", volume.id());
            deleted.put("deleted", true);
            deleted.put("provider_location", volume.providerLocation());
            deleted.put("snapshots_deleted", snapshots);
            return deleted;
        }
    }

    @Command(name = "show", description = "Show a volume.")
    static final class Show implements Runnable, ReadOnlyCommand {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The volume's UUID.")
        String id;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            root.output().object(Views.volume(root.session().volume(id)));
        }
    }

    @Command(name = "list", description = "List the volumes on the backend's shares.")
    static final class ListVolumes implements Runnable, ReadOnlyCommand {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            root.output().rows(root.session().volumes().stream().map(Views::volume).toList(), COLUMNS);
        }
    }

    @Command(name = "upload-to-image", description = "Upload a volume's content (its chain flattened, raw) as a new image.")
    static final class UploadToImage implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The volume's UUID.")
        String id;

        @Option(names = "--image", required = true, paramLabel = "NAME", description = "The new image's name.")
        String name;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            StoredVolume volume = root.session().volume(id);
            var service = root.session().imageService();
            ImageMetadata image = service.create(NonEmpty.check("--image", name), "raw");
            try {
                root.session().driver().copyVolumeToImage(Session.asVolume(volume), image.ref());
            } catch (RuntimeException e) {
                // an image that never got its content is not left behind
                try {
                    service.delete(image.id());
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            root.output().message("uploaded volume " + volume.id() + " as image " + image.id());
            root.output().object(Views.image(service.show(image.id())));
        }
    }

    /** A size in GiB: a whole number of at least 1. */
    static int parseSize(String text) {
        int size;
        try {
            size = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "size '" + text + "' is not a whole number of GiB (1 to 2147483647)", Map.of("size", text));
        }
        if (size < 1) {
            throw new RemoteFsException(ErrorCode.INVALID_INPUT,
                    "size " + size + " GiB is not a positive number of GiB", Map.of("size", text));
        }
        return size;
    }
}
