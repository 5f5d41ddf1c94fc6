package org.remotefs.nfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * os-brick's NFS mount attempts ({@code _check_nfs_options}): the configured options as given,
 * preceded — unless they already choose a version ({@code nfsvers}, {@code vers}, {@code v4}, ...)
 * — by NFS 4.2 and 4.1 ({@code vers=4,minorversion=2|1}). Tried in that order.
 */
public final class NfsMountOptions {
    private static final Pattern VERSION = Pattern.compile("^(nfsvers|vers|v\\d)");

    private NfsMountOptions() {
    }

    /**
     * The attempts, by name ({@code nfs_4.2}, {@code nfs_4.1}, {@code nfs}), in the order os-brick
     * tries them: its names sorted in reverse. A null value means no {@code -o}.
     */
    public static Map<String, String> attempts(String configured) {
        Map<String, String> attempts = new TreeMap<>((a, b) -> b.compareTo(a));
        attempts.put("nfs", configured);
        List<String> options = split(configured);
        if (options.stream().noneMatch(o -> VERSION.matcher(o).find())) {
            attempts.put("nfs_4.1", with(options, Map.of("vers", "4", "minorversion", "1")));
            attempts.put("nfs_4.2", with(options, Map.of("vers", "4", "minorversion", "2")));
        }
        return new LinkedHashMap<>(attempts);
    }

    private static List<String> split(String options) {
        if (options == null || options.isBlank()) {
            return List.of();
        }
        return Arrays.stream(options.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    /** Sets options: an existing one of the same name goes, the new one is appended (os-brick's order). */
    private static String with(List<String> options, Map<String, String> set) {
        List<String> result = new ArrayList<>(options);
        for (String name : List.of("vers", "minorversion")) {
            result.removeIf(o -> o.startsWith(name));
            result.add(name + "=" + set.get(name));
        }
        return String.join(",", result);
    }
}
