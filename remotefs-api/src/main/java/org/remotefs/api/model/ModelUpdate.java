package org.remotefs.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a driver operation asks the volume manager to store about a volume.
 *
 * @param providerLocation the share the volume now lives on, or null to leave it unchanged
 * @param adminMetadata    admin metadata to set (Cinder's {@code format} above all)
 * @param nameId           a change of Cinder's {@code _name_id}, or null to leave it unchanged
 */
public record ModelUpdate(String providerLocation, Map<String, String> adminMetadata, NameIdUpdate nameId) {

    /** Sets {@code _name_id} to {@code value}; a null value clears it (Cinder's {@code '_name_id': None}). */
    public record NameIdUpdate(String value) {
    }

    public ModelUpdate {
        adminMetadata = Checks.copy(adminMetadata);
    }

    /** Nothing to store. */
    public static ModelUpdate none() {
        return new ModelUpdate(null, Map.of(), null);
    }

    /** Cinder's model-update dictionary ({@code provider_location}, {@code admin_metadata}, {@code _name_id}). */
    public Map<String, Object> toCinderMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (providerLocation != null) {
            map.put("provider_location", providerLocation);
        }
        if (!adminMetadata.isEmpty()) {
            map.put("admin_metadata", new java.util.TreeMap<>(adminMetadata));
        }
        if (nameId != null) {
            map.put("_name_id", nameId.value());
        }
        return map;
    }
}
