package org.remotefs.core.share;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ShareRemount;
import org.remotefs.api.model.ShareState;
import org.remotefs.core.config.ConfigProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The backend's shares: loads them from the {@link ShareSource}, makes them available through the
 * {@link ShareProtocol}, and answers where a share's files are. A share that cannot be mounted is
 * logged and skipped; the others serve (Cinder's {@code _ensure_shares_mounted}).
 */
@Singleton
public final class Shares {
    private static final Logger LOG = LoggerFactory.getLogger(Shares.class);

    private final ShareSource source;
    private final ShareProtocol protocol;
    private final ShareProbe probe;

    @Inject
    public Shares(ShareSource source, ShareProtocol protocol, ShareProbe probe) {
        this.source = source;
        this.protocol = protocol;
        this.probe = probe;
    }

    /** The configuration as it is now, problems included. Mounts nothing. */
    public ParsedShares configured() {
        return source.load();
    }

    /** Every configured share mounted, or skipped with a warning when it cannot be; in configuration order. */
    public List<MountedShare> ensureMounted() {
        ParsedShares parsed = source.load();
        parsed.problems().forEach(this::warn);
        List<MountedShare> mounted = new ArrayList<>();
        for (Share share : parsed.shares()) {
            try {
                // a share that does not answer is skipped before anything touches it
                probe.requireAnswer(share.address(), protocol.mountPoint(share));
                protocol.mount(share);
                mounted.add(new MountedShare(share, protocol.mountPoint(share)));
            } catch (RemoteFsException e) {
                LOG.warn("share {} ({}) cannot be used and is skipped: {} [{}]", share.address(), share.origin(),
                        e.getMessage(), e.code().name());
            }
        }
        return mounted;
    }

    /** Like {@link #ensureMounted()}, but an empty result is {@link ErrorCode#NO_SHARES_MOUNTED}. */
    public List<MountedShare> ensureSomeMounted() {
        List<MountedShare> mounted = ensureMounted();
        if (mounted.isEmpty()) {
            throw new RemoteFsException(ErrorCode.NO_SHARES_MOUNTED,
                    "no share of the backend could be mounted (see the warnings above for each share)", Map.of());
        }
        return mounted;
    }

    /**
     * The share a volume's {@code provider_location} names, mounted. A share no longer in the
     * configuration is still served (its volumes must stay reachable), with its options unknown.
     */
    public MountedShare ensureMounted(String address) {
        Share share = source.load().find(address).orElseGet(() -> new Share(address, null, "provider_location"));
        // read as Cinder reads it (see SharesConfigParser): its . matches all but a line feed
        if (!SharesConfigParser.pythonRegex(protocol.shareFormat()).matcher(address).lookingAt()) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "provider_location '" + address + "' is not a share of the form " + protocol.shareFormatHint(),
                    Map.of("provider_location", address));
        }
        if (protocol.mountPointBase().isEmpty()) {
            // the directory is the share itself (localfs): one that is gone is a removed share, and
            // a volume's command must not make an empty one in its place
            probe.requireDirectory(share.address(), protocol.mountPoint(share));
        } else {
            probe.requireAnswer(share.address(), protocol.mountPoint(share));
        }
        protocol.mount(share);
        return new MountedShare(share, protocol.mountPoint(share));
    }

    /**
     * Every configured share unmounted and mounted again, in configuration order (see
     * {@link org.remotefs.api.VolumeDriver#remountShares()}): a share in use or one that will not
     * mount again is reported in its outcome, and the others are still remounted.
     *
     * @throws RemoteFsException {@link ErrorCode#UNSUPPORTED} when the protocol mounts nothing,
     *         before any share is touched
     */
    public List<ShareRemount> remount() {
        ParsedShares parsed = source.load();
        parsed.problems().forEach(this::warn);
        List<ShareRemount> outcomes = new ArrayList<>();
        for (Share share : parsed.shares()) {
            try {
                protocol.unmount(share);
            } catch (RemoteFsException e) {
                if (e.code() == ErrorCode.UNSUPPORTED) {
                    throw e;
                }
                LOG.warn("share {} ({}) was not remounted: {} [{}]", share.address(), share.origin(), e.getMessage(),
                        e.code().name());
                outcomes.add(new ShareRemount(state(share), false, e));
                continue;
            }
            try {
                protocol.mount(share);
                outcomes.add(new ShareRemount(state(share), true, null));
            } catch (RemoteFsException e) {
                LOG.warn("share {} ({}) was unmounted and does not mount again: {} [{}]", share.address(),
                        share.origin(), e.getMessage(), e.code().name());
                outcomes.add(new ShareRemount(state(share), false, e));
            }
        }
        return outcomes;
    }

    private ShareState state(Share share) {
        try {
            probe.requireAnswer(share.address(), protocol.mountPoint(share));
        } catch (RemoteFsException e) {
            if (e.code() != ErrorCode.SHARE_UNAVAILABLE) {
                throw e;
            }
            LOG.warn("{} [{}]", e.getMessage(), e.code().name());
            // the mount table says whether it is mounted; its directory is not asked again
            return new ShareState(share.address(), protocol.displayedOptions(share),
                    protocol.mountPoint(share).toString(), false, share.origin(), e.getMessage());
        }
        return new ShareState(share.address(), protocol.displayedOptions(share), protocol.mountPoint(share).toString(),
                protocol.isMounted(share), share.origin());
    }

    /**
     * The configured shares and whether each is mounted now, their options as the protocol lets
     * them be shown (secrets masked). Mounts nothing.
     */
    public List<ShareState> states() {
        ParsedShares parsed = source.load();
        parsed.problems().forEach(this::warn);
        return parsed.shares().stream().map(this::state).toList();
    }

    /** Where a share's files are. Pure. */
    public Path mountPoint(Share share) {
        return protocol.mountPoint(share);
    }

    private void warn(ConfigProblem problem) {
        LOG.warn("{}", problem);
    }
}
