package org.remotefs.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code initialize_connection} returns, in Cinder's shape:
 * {@code {"driver_volume_type": ..., "data": {"export", "name", ["options"], ["format"]},
 * "mount_point_base": ...}}.
 *
 * @param driverVolumeType {@code nfs}, {@code glusterfs}, {@code smbfs}, {@code local}, ...
 * @param data             the connection data, in insertion order; values are strings, numbers,
 *                         booleans or null (Cinder sends {@code "options": null} for a share
 *                         without options)
 * @param mountPointBase   the base under which the host mounts the export, or null when nothing
 *                         is mounted (localfs)
 */
public record ConnectionInfo(String driverVolumeType, Map<String, Object> data, String mountPointBase) {

    public ConnectionInfo {
        Checks.notBlank("driver volume type", driverVolumeType);
        Checks.notNull("connection data", data);
        // Map.copyOf refuses null values, and Cinder's "options": null is one: keep order and nulls.
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Cinder's dictionary. */
    public Map<String, Object> toCinderMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("driver_volume_type", driverVolumeType);
        map.put("data", data);
        if (mountPointBase != null) {
            map.put("mount_point_base", mountPointBase);
        }
        return map;
    }
}
