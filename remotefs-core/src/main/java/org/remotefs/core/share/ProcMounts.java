package org.remotefs.core.share;

import org.remotefs.core.ForBackends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's mount table, {@code /proc/mounts}: mount point to device, with the kernel's octal
 * escapes ({@code \040} for a space, {@code \011}, {@code \012}, {@code \134}) decoded. os-brick
 * keeps them encoded, so a mount base with a space in it is never seen as mounted; here it is.
 */
@ForBackends
public final class ProcMounts {
    private static final Pattern OCTAL = Pattern.compile("\\\\([0-7]{3})");

    private final Path table;

    public ProcMounts(Path table) {
        this.table = table;
    }

    public static ProcMounts system() {
        return new ProcMounts(Path.of("/proc/mounts"));
    }

    /** Mount point → device, the last mount of a point winning (it is the one in use). */
    public Map<String, String> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException e) {
            return Map.of();
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 2 || fields[0].startsWith("#")) {
                continue;
            }
            mounts.put(decode(fields[1]), decode(fields[0]));
        }
        return mounts;
    }

    /** Whether something is mounted at this point now. */
    public boolean isMounted(Path mountPoint) {
        return read().containsKey(mountPoint.toString());
    }

    static String decode(String field) {
        Matcher matcher = OCTAL.matcher(field);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(matcher.group(1), 8))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
