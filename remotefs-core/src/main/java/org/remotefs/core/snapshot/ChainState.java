package org.remotefs.core.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.remotefs.core.share.MountedShare;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.layout.VolumeNames;

/**
 * A volume's files, read once under its lock.
 *
 * @param share    the share it lives on, mounted
 * @param names    the names of its files
 * @param infoPath its info file
 * @param info     the info file's entries (empty when there is none)
 * @param active   the active image's name
 * @param chain    the checked chain, active image first
 */
public record ChainState(MountedShare share, VolumeNames names, Path infoPath, Map<String, String> info, String active,
                         List<ChainLink> chain) {

    public Path directory() {
        return share.mountPoint();
    }

    /** The base image: the last link of the chain. */
    public ChainLink base() {
        return chain.get(chain.size() - 1);
    }

    /** The position of a file in the chain (0 = active), or -1. */
    public int indexOf(String fileName) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i).fileName().equals(fileName)) {
                return i;
            }
        }
        return -1;
    }
}
