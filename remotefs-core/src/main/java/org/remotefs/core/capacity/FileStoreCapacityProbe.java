package org.remotefs.core.capacity;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

import jakarta.inject.Singleton;

/**
 * Capacity from {@code statvfs(2)} through NIO's {@link FileStore}, with no {@code df} process
 * and so no parsing of device names that contain spaces (a Cinder bug).
 */
@Singleton
public final class FileStoreCapacityProbe implements CapacityProbe {

    @Override
    public ShareCapacity capacity(Path mountPoint) {
        try {
            FileStore store = Files.getFileStore(mountPoint);
            return new ShareCapacity(store.getTotalSpace(), store.getUsableSpace());
        } catch (IOException e) {
            throw new RemoteFsException(ErrorCode.SHARE_IO_ERROR, "cannot read the capacity of " + mountPoint + ": " + e,
                    Map.of("mount_point", mountPoint.toString()), e);
        }
    }
}
