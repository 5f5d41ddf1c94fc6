package org.remotefs.zookeeper;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.lock.LockEntry;

/**
 * The errors of ZooKeeper locks. A lock not had — its holder kept it past the time-out, or
 * ZooKeeper could not be reached or refused — is {@code CONCURRENT_REQUEST}, as for file locks (the
 * operation changed nothing and may be retried); a lock lost while held is {@code LOCK_LOST}, the
 * lock SPI's signal (its Cinder name is {@code RemoteFSConcurrentRequest}). Every error names the
 * lock and the coordination URL, password masked, in its message and its details.
 */
final class ZooKeeperErrors {
    private ZooKeeperErrors() {
    }

    static RemoteFsException timedOut(String name, Duration timeout, ZooKeeperUrl url, Optional<LockEntry> holder) {
        Map<String, String> details = details(name, url);
        details.put("lock_timeout", Long.toString(timeout.toSeconds()));
        String who = holder.map(ZooKeeperErrors::describe).orElse("another contender that has just left");
        details.put("holder", who);
        holder.ifPresent(h -> {
            details.put("holder_member_id", h.memberId());
            if (h.host() != null) {
                details.put("holder_host", h.host());
            }
            if (h.pid() != null) {
                details.put("holder_pid", Long.toString(h.pid()));
            }
            if (h.since() != null) {
                details.put("holder_since", h.since().toString());
            }
        });
        return new RemoteFsException(ErrorCode.CONCURRENT_REQUEST, "lock " + name + " is held by " + who + " in ZooKeeper "
                + url.shown() + "; gave up after " + timeout.toSeconds() + " s (lock_timeout)", details);
    }

    static RemoteFsException unreachable(String name, ZooKeeperUrl url, Duration waited) {
        Map<String, String> details = details(name, url);
        details.put("reason", "unreachable");
        return new RemoteFsException(ErrorCode.CONCURRENT_REQUEST, "cannot take lock " + name + ": ZooKeeper "
                + url.shown() + " is unreachable (no connection within " + seconds(waited) + " s)", details);
    }

    static RemoteFsException listingUnreachable(ZooKeeperUrl url, Duration waited) {
        return new RemoteFsException(ErrorCode.CONCURRENT_REQUEST, "cannot list the locks: ZooKeeper " + url.shown()
                + " is unreachable (no connection within " + seconds(waited) + " s)",
                Map.of("coordination_url", url.shown(), "reason", "unreachable"));
    }

    static RemoteFsException failed(String name, ZooKeeperUrl url, Exception e) {
        Map<String, String> details = details(name, url);
        details.put("reason", e.getClass().getSimpleName());
        return new RemoteFsException(ErrorCode.CONCURRENT_REQUEST, "cannot take lock " + name + " in ZooKeeper "
                + url.shown() + ": " + e.getMessage(), details, e);
    }

    static RemoteFsException interrupted(String name) {
        return new RemoteFsException(ErrorCode.INTERRUPTED, "stopped while waiting for lock " + name, Map.of("lock", name));
    }

    static RemoteFsException lost(String name, ZooKeeperUrl url, String why) {
        Map<String, String> details = details(name, url);
        details.put("reason", why);
        return new RemoteFsException(ErrorCode.LOCK_LOST, "lock " + name + " in ZooKeeper " + url.shown()
                + " was lost (" + why + "): stopped before the next write", details);
    }

    static RemoteFsException unlisted(ZooKeeperUrl url, Exception e) {
        return new RemoteFsException(ErrorCode.CONCURRENT_REQUEST, "cannot list the locks in ZooKeeper " + url.shown()
                + ": " + e.getMessage(), Map.of("coordination_url", url.shown()), e);
    }

    /** A holder as a message shows it: member id, and host, process and start where known. */
    static String describe(LockEntry holder) {
        StringBuilder text = new StringBuilder("member " + holder.memberId());
        if (holder.host() != null) {
            text.append(" (host ").append(holder.host()).append(", process ").append(holder.pid()).append(")");
        }
        if (holder.since() != null) {
            text.append(" since ").append(holder.since());
        }
        return text.toString();
    }

    private static Map<String, String> details(String name, ZooKeeperUrl url) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("lock", name);
        details.put("coordination_url", url.shown());
        return details;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? Long.toString(duration.toSeconds())
                : String.format(java.util.Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
