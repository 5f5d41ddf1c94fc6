package org.remotefs.tck;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * localfs with Cinder's SMB names ({@code localfs_volume_file_names = extension}): every volume
 * file named by its format ({@code volume-<id>.raw}, overlays {@code volume-<id>.<snapshot id>.raw},
 * the info file {@code volume-<id>.raw.info}), so that the whole TCK runs on that naming on every
 * build. Its id is {@code localfs-extension-names}, so that its tests and conformance report stand
 * apart from the plain run's.
 */
public final class LocalFsExtensionNamesTckBinding implements TckBinding {
    private final LocalFsTckBinding localfs = new LocalFsTckBinding(true);

    @Override
    public String backendId() {
        return localfs.backendId();
    }

    @Override
    public boolean namesFilesByFormat() {
        return localfs.namesFilesByFormat();
    }

    @Override
    public TckBackend open(Path scratch, Provisioning provisioning, TckServices services) throws Exception {
        return localfs.open(scratch, provisioning, services);
    }

    @Override
    public Optional<TckBackend> openWithSharesFile(Path scratch, List<String> lines) throws Exception {
        return localfs.openWithSharesFile(scratch, lines);
    }

    @Override
    public List<String> validShareLines(Path scratch, int count) {
        return localfs.validShareLines(scratch, count);
    }
}
