package org.remotefs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code remotefs snapshot ...}: qcow2 snapshots, found by scanning the info files. */
// its subcommands (Subcommands.MEMBERS) are added by the command line: only the one it names
@Command(name = "snapshot", description = "Create, show, list, delete and revert to snapshots.")
final class SnapshotCommand extends GroupCommand {

    @Command(name = "create", description = "Snapshot a volume.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "VOLUME_ID", description = "The volume's UUID.")
        String volumeId;

        @Option(names = "--id", paramLabel = "UUID", description = "The snapshot's id (default: a new random UUID).")
        String id;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            String snapshotId = id == null ? UUID.randomUUID().toString() : Snapshot.checkId(id);
            StoredVolume volume = root.session().volume(volumeId);
            if (id != null) {
                // ids are unique across volumes: the info files are the only record of them
                root.session().driver().listVolumes().stream().filter(v -> v.snapshotIds().contains(snapshotId))
                        .findFirst().ifPresent(other -> {
                            throw new RemoteFsException(ErrorCode.INVALID_SNAPSHOT, "snapshot " + snapshotId
                                    + " exists already, of volume " + other.id(), Map.of("snapshot_id", snapshotId));
                        });
            }
            root.session().driver().createSnapshot(new Snapshot(snapshotId, Session.asVolume(volume),
                    SnapshotStatus.CREATING, null, null));
            StoredVolume after = root.session().volume(volume.id());
            root.output().message("created snapshot " + snapshotId + " of volume " + volume.id());
            root.output().object(row(snapshotId, after, root.session()));
        }
    }

    @Command(name = "delete", description = "Delete snapshots, merging each one's data into the chain; each is"
            + " reported, and the exit status says whether all were deleted.")
    static final class Delete implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SNAPSHOT_ID", arity = "1..*", description = "The snapshots' UUIDs.")
        List<String> ids;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            new Deletions(root, "snapshots").run(ids, id -> {
                Session.FoundSnapshot found = root.session().snapshot(id);
                root.session().driver().deleteSnapshot(Session.asSnapshot(found, SnapshotStatus.DELETING));
                root.output().message("deleted snapshot " + found.id() + " of volume " + found.volume().id());
                Map<String, Object> deleted = new LinkedHashMap<>();
                deleted.put("id", found.id());
                deleted.put("volume_id", found.volume().id());
                deleted.put("deleted", true);
                return deleted;
            });
        }
    }

    @Command(name = "show", description = "Show a snapshot: its volume, its place in the chain, the volume's size"
            + " when it was taken.")
    static final class Show implements Runnable, ReadOnlyCommand {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SNAPSHOT_ID", description = "The snapshot's UUID.")
        String id;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            Session.FoundSnapshot found = root.session().snapshot(id);
            root.output().object(row(found.id(), found.volume(), root.session()));
        }
    }

    @Command(name = "list", description = "List the snapshots of one volume, or of every volume.")
    static final class ListSnapshots implements Runnable, ReadOnlyCommand {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "VOLUME_ID", arity = "0..1", description = "Only this volume's snapshots.")
        String volumeId;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            List<StoredVolume> volumes = volumeId == null ? root.session().volumes()
                    : List.of(root.session().volume(volumeId));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StoredVolume volume : volumes) {
                volume.snapshotIds().forEach(id -> rows.add(row(id, volume, root.session())));
            }
            root.output().rows(rows, List.of("id", "volume_id", "position", "volume_size", "provider_location"));
        }
    }

    @Command(name = "revert", description = "Revert a volume to its latest snapshot.")
    static final class Revert implements Runnable {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "SNAPSHOT_ID", description = "The snapshot's UUID; it must be its volume's latest.")
        String id;

        @Override
        public void run() {
            RemoteFsCommand root = RemoteFsCommand.root(spec);
            Session.FoundSnapshot found = root.session().snapshot(id);
            Volume volume = Session.asVolume(found.volume());
            root.session().driver().revertToSnapshot(volume, Session.asSnapshot(found, SnapshotStatus.AVAILABLE));
            root.output().message("reverted volume " + volume.id() + " to snapshot " + found.id());
            root.output().object(Views.volume(root.session().volume(volume.id())));
        }
    }

    /**
     * A snapshot as printed: its id, its volume, its place in the chain (1 = oldest), and the
     * volume's size in GiB when it was taken (Cinder's {@code volume_size}).
     */
    static Map<String, Object> row(String id, StoredVolume volume, Session session) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("volume_id", volume.id());
        row.put("position", volume.snapshotIds().indexOf(id) + 1);
        row.put("volume_size", session.snapshotSize(id, volume));
        row.put("provider_location", volume.providerLocation());
        return row;
    }
}
