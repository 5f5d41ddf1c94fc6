package org.remotefs.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ImageMetadata;
import org.remotefs.api.model.ShareState;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.spi.Capability;

/** The maps the command prints, with snake_case keys. */
final class Views {
    private Views() {
    }

    static Map<String, Object> volume(StoredVolume volume) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", volume.id());
        map.put("name", volume.name());
        map.put("base_file", volume.baseFile());
        map.put("size", volume.size());
        map.put("provider_location", volume.providerLocation());
        map.put("format", volume.format());
        map.put("active", volume.activeFile());
        map.put("path", volume.path());
        map.put("virtual_size", volume.virtualSizeBytes());
        map.put("file_bytes", volume.fileBytes());
        map.put("snapshots", volume.snapshotIds());
        return map;
    }

    static Map<String, Object> image(ImageMetadata image) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", image.id());
        map.put("name", image.name());
        map.put("disk_format", image.diskFormat());
        map.put("container_format", image.containerFormat());
        map.put("size", image.size());
        map.put("status", image.status());
        return map;
    }

    static Map<String, Object> share(ShareState share) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("address", share.address());
        map.put("options", share.options());
        map.put("mount_point", share.mountPoint());
        map.put("mounted", share.mounted());
        if (share.unavailable() != null) {
            map.put("unavailable", share.unavailable());
        }
        map.put("origin", share.origin());
        return map;
    }

    static Map<String, Object> error(RemoteFsException e) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("code", e.code().name());
        map.put("message", e.getMessage());
        map.put("cinder_exception", e.code().cinderName());
        map.put("details", new java.util.TreeMap<>(e.details()));
        return map;
    }

    static String capability(Capability capability) {
        return capability.name().toLowerCase(Locale.ROOT);
    }
}
