package org.remotefs.core.driver;

import org.remotefs.core.share.Share;
import org.remotefs.core.share.ShareCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.CheckFinding;
import org.remotefs.api.model.Volume;
import org.remotefs.core.check.VolumeInspector;
import org.remotefs.core.check.VolumeRepairs;
import org.remotefs.core.share.MountedShare;
import org.remotefs.core.share.Shares;
import org.remotefs.core.volume.FileSecurity;

/**
 * {@code remotefs check}: every volume with any file on a served share — base, info file, an
 * overlay or only a temporary file — or the ones named, inspected, and with {@code repair}
 * repaired under the volume's lock (the inspection is then made again under that lock, so that
 * no running operation's files are taken for leftovers).
 */
public final class VolumeChecks {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeChecks.class);
    private static final Pattern ANY_VOLUME_FILE =
            Pattern.compile("volume-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\\..*)?");

    private final Shares shares;
    private final VolumeLocks locks;
    private final VolumeInspector inspector;
    private final VolumeRepairs repairs;
    private final ShareCalls calls;

    public VolumeChecks(Shares shares, VolumeLocks locks, VolumeInspector inspector, VolumeRepairs repairs) {
        this(shares, locks, inspector, repairs, ShareCalls.unbounded());
    }

    /**
     * @param calls bounds the listing of each share and the inspection of each volume (reads only)
     *              by the share's deadline; a repair's steps are bounded where they run (a
     *              {@code qemu-img commit} that finishes a delete may take minutes on a healthy share)
     */
    public VolumeChecks(Shares shares, VolumeLocks locks, VolumeInspector inspector, VolumeRepairs repairs,
                        ShareCalls calls) {
        this.shares = shares;
        this.locks = locks;
        this.inspector = inspector;
        this.repairs = repairs;
        this.calls = calls;
    }

    /**
     * @throws RemoteFsException {@code VOLUME_NOT_FOUND} when a named volume has no file on any
     *         served share (checked before anything is repaired)
     */
    public List<CheckFinding> check(List<String> volumeIds, boolean repair, FileSecurity security) {
        Set<String> wanted = new LinkedHashSet<>();
        volumeIds.forEach(id -> wanted.add(Volume.checkId(id)));
        List<MountedShare> mounted = shares.ensureMounted();
        Map<MountedShare, Set<String>> found = new java.util.LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        List<RemoteFsException> unavailable = new ArrayList<>();
        for (MountedShare share : mounted) {
            Set<String> ids;
            try {
                ids = calls.bounded(share.mountPoint(), () -> volumeIds(share.mountPoint()));
            } catch (RemoteFsException e) {
                if (e.code() != ErrorCode.SHARE_UNAVAILABLE) {
                    throw e;
                }
                // a share that does not answer is left out; the others are checked
                LOG.warn("share {} is skipped: {} [{}]", share.address(), e.getMessage(), e.code().name());
                unavailable.add(e);
                continue;
            }
            if (!wanted.isEmpty()) {
                ids.retainAll(wanted);
            }
            seen.addAll(ids);
            found.put(share, ids);
        }
        List<String> skipped = shares.configured().shares().stream().map(Share::address)
                .filter(address -> mounted.stream().noneMatch(m -> m.address().equals(address))).toList();
        for (String id : wanted) {
            if (!seen.contains(id) && !unavailable.isEmpty()) {
                throw unavailable.get(0); // the volume may be on the share that stopped answering
            }
            if (!seen.contains(id) && !skipped.isEmpty()) {
                // the volume may be on a share that did not answer (or could not be mounted): never
                // "not found" for what could not be looked at
                throw new RemoteFsException(ErrorCode.SHARE_UNAVAILABLE, "volume " + id + " has no file on the "
                        + "shares that answered; " + String.join(", ", skipped) + " could not be used (see the "
                        + "warnings)", Map.of("volume_id", id, "share", String.join(",", skipped)));
            }
            if (!seen.contains(id)) {
                throw new RemoteFsException(ErrorCode.VOLUME_NOT_FOUND, "volume " + id + " has no file on any share",
                        Map.of("volume_id", id));
            }
        }
        List<CheckFinding> findings = new ArrayList<>();
        found.forEach((share, ids) -> ids.forEach(id -> findings.addAll(repair
                ? repairOne(share, id, security) : inspected(share, id))));
        return findings;
    }

    private List<CheckFinding> repairOne(MountedShare share, String id, FileSecurity security) {
        try (VolumeLocks.Held held = locks.lock(id, "check")) {
            return inspected(share, id).stream().map(f -> repairs.repair(share, f, security)).toList();
        }
    }

    private List<CheckFinding> inspected(MountedShare share, String id) {
        return calls.bounded(share.mountPoint(), () -> inspector.inspect(share, id));
    }

    private static Set<String> volumeIds(Path directory) {
        Set<String> ids = new TreeSet<>();
        if (!Files.isDirectory(directory)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "volume-*")) {
            for (Path entry : entries) {
                Matcher matcher = ANY_VOLUME_FILE.matcher(entry.getFileName().toString());
                if (matcher.matches()) {
                    ids.add(matcher.group(1));
                }
            }
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot list " + directory + ": " + e,
                    Map.of("mount_point", directory.toString()), e);
        }
        return ids;
    }
}
