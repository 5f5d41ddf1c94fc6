package org.remotefs.core.mount;

import org.remotefs.core.ForBackends;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a mount point base as Python's {@code os.path.realpath} does, which is how Cinder's
 * drivers resolve theirs (the NFS driver's {@code realpath(nfs_mount_point_base)}): name by name
 * from the root, each symbolic link replaced by its target before the next name (so
 * {@code link/..} is the parent of the link's target, not the directory holding the link), names
 * that do not exist kept as they are, and a loop of links left unresolved. Unlike
 * {@link Path#toRealPath}, it never fails: the base need not exist yet. The kernel lists mount
 * points by their resolved path, so a base must be resolved before its mount points are compared
 * with {@code /proc/mounts}.
 */
@ForBackends
public final class RealPath {
    /** Links followed in one resolution before it is taken for a loop (Linux allows 40). */
    private static final int MAX_LINKS = 40;

    private RealPath() {
    }

    /**
     * The resolved, absolute form of a path (relative paths are taken from the working
     * directory). Reads links only; changes nothing.
     */
    public static Path of(Path path) {
        Path absolute = path.toAbsolutePath();
        return walk(absolute.getRoot(), absolute, 0);
    }

    private static Path walk(Path resolved, Path rest, int links) {
        Path current = resolved;
        for (int i = 0; i < rest.getNameCount(); i++) {
            String name = rest.getName(i).toString();
            if (name.equals(".") || name.isEmpty()) {
                continue;
            }
            if (name.equals("..")) {
                current = current.getParent() == null ? current : current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            if (!Files.isSymbolicLink(next)) {
                current = next;
                continue;
            }
            if (links >= MAX_LINKS) {
                // a loop: as Python, what is left stays unresolved
                return current.resolve(rest.subpath(i, rest.getNameCount()));
            }
            try {
                Path target = Files.readSymbolicLink(next);
                current = walk(target.isAbsolute() ? target.getRoot() : current, target, links + 1);
            } catch (IOException e) {
                current = next;
            }
        }
        return current;
    }
}
