package org.remotefs.core.capacity;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

import jakarta.inject.Singleton;

/**
 * Capacity from {@code statvfs(2)} through NIO's {@link FileStore}, with no {@code df} process
 * and so no parsing of device names that contain spaces (a Cinder bug).
 *
 * <p>Each mount point's {@code FileStore} is kept: finding it reads the whole mount table (about
 * 0.2 ms), while its figures are a fresh {@code statvfs} of the mount point's path on every call
 * (a few microseconds) — so a share mounted, remounted or changed meanwhile still reports what is
 * mounted there now. A store that fails is looked up again once.
 */
@Singleton
public final class FileStoreCapacityProbe implements CapacityProbe {
    private final Map<Path, FileStore> stores = new ConcurrentHashMap<>();
    private final org.remotefs.core.share.ShareCalls calls;

    /** Asks on the caller's thread, without a deadline. */
    public FileStoreCapacityProbe() {
        this(org.remotefs.core.share.ShareCalls.unbounded());
    }

    /** @param calls bounds each {@code statvfs} by the share's deadline ({@code share_io_timeout}) */
    @jakarta.inject.Inject
    public FileStoreCapacityProbe(org.remotefs.core.share.ShareCalls calls) {
        this.calls = calls;
    }

    @Override
    public ShareCapacity capacity(Path mountPoint) {
        FileStore known = stores.get(mountPoint);
        if (known != null) {
            try {
                return calls.call(mountPoint, () -> new ShareCapacity(known.getTotalSpace(), known.getUsableSpace()));
            } catch (IOException e) {
                stores.remove(mountPoint, known);
            }
        }
        try {
            FileStore store = calls.call(mountPoint, () -> Files.getFileStore(mountPoint));
            ShareCapacity capacity = calls.call(mountPoint,
                    () -> new ShareCapacity(store.getTotalSpace(), store.getUsableSpace()));
            stores.put(mountPoint, store);
            return capacity;
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read the capacity of " + mountPoint + ": " + e,
                    Map.of("mount_point", mountPoint.toString()), e);
        }
    }
}
