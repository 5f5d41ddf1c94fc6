package org.remotefs.core.share;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The pools of a pool-reporting backend: one per share, named by the configuration's mapping or
 * else by the protocol's default (localfs: the share's directory; SMB: the share's name after the
 * host). Two shares with one pool name is a configuration error naming both.
 */
@Singleton
public final class Pools {
    private final PoolLayout layout;
    private final ShareProtocol protocol;

    @Inject
    public Pools(PoolLayout layout, ShareProtocol protocol) {
        this.layout = layout;
        this.protocol = protocol;
    }

    /** Whether the backend reports pools at all. */
    public boolean reported() {
        return layout.reported();
    }

    /** The share's pool name. */
    public String nameOf(Share share) {
        String mapped = layout.mappings().get(share.address());
        return mapped != null ? mapped : protocol.defaultPoolName(share);
    }

    /**
     * Each share's pool name, in the shares' order.
     *
     * @throws RemoteFsException {@code INVALID_CONFIGURATION_VALUE} when two shares get one name
     */
    public Map<MountedShare, String> names(List<MountedShare> shares) {
        Map<MountedShare, String> names = new LinkedHashMap<>();
        Map<String, String> sharesByPool = new LinkedHashMap<>();
        for (MountedShare share : shares) {
            String name = nameOf(share.share());
            String other = sharesByPool.putIfAbsent(name, share.address());
            if (other != null) {
                throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                        "shares " + other + " and " + share.address() + " both have the pool name '" + name + "'"
                                + (layout.mappingOption().isEmpty() ? "" : " (see " + layout.mappingOption() + ")"),
                        Map.of("pool", name, "shares", other + "," + share.address()));
            }
            names.put(share, name);
        }
        return names;
    }

    /**
     * The share of the pool the volume's host names ({@code host@backend#pool}).
     *
     * @throws RemoteFsException {@code INVALID_INPUT} naming the pool and the pools there are
     */
    public MountedShare shareOf(Volume volume, List<MountedShare> shares) {
        String pool = volume.pool();
        Map<MountedShare, String> names = names(shares);
        return names.entrySet().stream().filter(e -> e.getValue().equals(pool)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new RemoteFsException(ErrorCode.INVALID_INPUT,
                        "volume " + volume.id() + ": no share has the pool '" + pool + "'; pools: "
                                + String.join(", ", names.values()),
                        Map.of("volume_id", volume.id(), "pool", pool, "pools", String.join(",", names.values()))));
    }
}
