package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * Whether a backend reports one pool per share (Cinder's {@code RemoteFSPoolMixin}), and the pool
 * names configuration gives shares (Cinder's SMB {@code smbfs_pool_mappings}): the rest of a
 * backend's pool behaviour is core's ({@link Pools}).
 *
 * @param reported      whether the stats have pools and a volume's {@code host#pool} places it
 * @param mappings      pool names by share address; a share without one takes its protocol's default
 * @param mappingOption the option the mappings came from, for error messages
 */
@ForBackends
public record PoolLayout(boolean reported, Map<String, String> mappings, String mappingOption) {

    public PoolLayout {
        mappings = Map.copyOf(Objects.requireNonNull(mappings, "mappings is null"));
        Objects.requireNonNull(mappingOption, "mappingOption is null");
    }

    /** Flat stats, no pools (NFS, GlusterFS). */
    public static PoolLayout none() {
        return new PoolLayout(false, Map.of(), "");
    }

    /**
     * Parses Cinder's DictOpt spelling {@code <share>:<pool>,<share>:<pool>}, split at each entry's
     * last colon (an SMB share {@code //host/share} holds none, an NFS one does).
     *
     * @throws RemoteFsException {@code INVALID_CONFIGURATION_VALUE} naming the option and the entry
     */
    public static Map<String, String> parseMappings(String text, String option) {
        Map<String, String> mappings = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return mappings;
        }
        for (String entry : text.split(",")) {
            String trimmed = entry.strip();
            int colon = trimmed.lastIndexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, option + ": '" + trimmed
                        + "' is not <share>:<pool>", Map.of("option", option, "entry", trimmed));
            }
            String share = trimmed.substring(0, colon).strip();
            if (mappings.put(share, trimmed.substring(colon + 1).strip()) != null) {
                throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE, option + ": share " + share
                        + " is mapped twice", Map.of("option", option, "share", share));
            }
        }
        return mappings;
    }
}
