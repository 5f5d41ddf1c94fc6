package org.remotefs.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a host tells the driver about itself when it attaches a volume (os-brick's connector
 * properties).
 *
 * @param host      the host name, required
 * @param ip        its IP address, or null
 * @param initiator an iSCSI initiator name, or null (unused by file-based drivers)
 * @param multipath whether multipath is wanted
 * @param platform  {@code x86_64}, ...; or null
 * @param osType    {@code linux2}, ...; or null
 * @param extra     any further connector properties, passed through
 */
public record Connector(String host, String ip, String initiator, boolean multipath, String platform,
                        String osType, Map<String, String> extra) {

    public Connector {
        Checks.notBlank("connector host", host);
        extra = Checks.copy(extra);
    }

    /** A connector naming only the host. */
    public static Connector ofHost(String host) {
        return new Connector(host, null, null, false, null, null, Map.of());
    }

    /** The connector as Cinder's dictionary: null values left out, extra keys last. */
    public Map<String, Object> toCinderMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("host", host);
        putIfNotNull(map, "ip", ip);
        putIfNotNull(map, "initiator", initiator);
        map.put("multipath", multipath);
        putIfNotNull(map, "platform", platform);
        putIfNotNull(map, "os_type", osType);
        extra.forEach(map::putIfAbsent);
        return map;
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
