package org.remotefs.core.volume;

import java.nio.file.Path;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The virtual size of an image whose header the in-process reader does not size: VHD (vpc) and
 * VHDX. Their size is what qemu computes — for a VHD it depends on which program wrote the file
 * (disk geometry for some, the footer's size for others) — so qemu is asked, with the format given
 * ({@code qemu-img info -f vpc|vhdx}): never probed. Raw and qcow2 sizes come from the header reader.
 */
@Singleton
public final class VirtualSizes {
    private final QemuImg qemuImg;

    @Inject
    public VirtualSizes(QemuImg qemuImg) {
        this.qemuImg = qemuImg;
    }

    /** The header with its virtual size filled in when the reader left it unknown (-1). */
    public ImageHeader sized(Path path, ImageHeader header) {
        if (header.virtualSize() >= 0) {
            return header;
        }
        long size = qemuImg.info(path, header.format(), false).virtualSize();
        return new ImageHeader(header.format(), size, header.backingFile(), header.backingFormat(),
                header.externalDataFile(), header.unknownIncompatible(), header.encrypted());
    }
}
