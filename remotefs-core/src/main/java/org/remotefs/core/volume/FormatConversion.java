package org.remotefs.core.volume;

import java.nio.file.Path;

import org.remotefs.core.host.OperationProgress;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Writes an image's content into a new file of a volume format at a given virtual size: a
 * conversion ({@code qemu-img convert}), grown afterwards where the format resizes in place, or
 * — for VHD and VHDX, which {@code qemu-img resize} refuses — through a raw copy grown first and
 * converted last, as Cinder's SMB driver extends them. Every intermediate file carries a temporary
 * name beside the target, so an interrupted conversion leaves only what the leftover sweep removes.
 */
@Singleton
public final class FormatConversion {
    private final QemuImg qemuImg;
    private final FileOperations fileOperations;
    private final OperationProgress progress;

    public FormatConversion(QemuImg qemuImg, FileOperations fileOperations) {
        this(qemuImg, fileOperations, OperationProgress.none());
    }

    /** @param progress gives each copy of a conversion through raw its part of the step */
    @Inject
    public FormatConversion(QemuImg qemuImg, FileOperations fileOperations, OperationProgress progress) {
        this.qemuImg = qemuImg;
        this.fileOperations = fileOperations;
        this.progress = progress;
    }

    /**
     * @param source       the image to read (its whole backing chain, flattened)
     * @param sourceFormat its format, given, never probed
     * @param sourceBytes  its virtual size
     * @param target       a new file (a temporary name: the caller renames it when complete)
     * @param targetFormat the format to write
     * @param targetBytes  the virtual size to give it: at least {@code sourceBytes}
     */
    public void write(Path source, ImageFormat sourceFormat, long sourceBytes, Path target, VolumeFormat targetFormat,
                      long targetBytes, boolean asRoot) {
        if (targetFormat.resizableInPlace() || targetBytes == sourceBytes) {
            qemuImg.convert(source, sourceFormat, target, targetFormat.imageFormat(), targetFormat.convertOptions(),
                    asRoot);
            if (targetBytes > sourceBytes) {
                qemuImg.resize(target, targetFormat.imageFormat(), targetBytes, asRoot);
            }
            return;
        }
        Path raw = target.resolveSibling(TemporaryNames.of(target.getFileName().toString(), "raw"));
        try {
            // two copies of the data: each half of the step's progress
            try (OperationProgress.Part first = progress.part(0, 50)) {
                qemuImg.convert(source, sourceFormat, raw, ImageFormat.RAW, asRoot);
            }
            qemuImg.resize(raw, ImageFormat.RAW, targetBytes, asRoot);
            try (OperationProgress.Part second = progress.part(50, 100)) {
                qemuImg.convert(raw, ImageFormat.RAW, target, targetFormat.imageFormat(),
                        targetFormat.convertOptions(), asRoot);
            }
        } finally {
            fileOperations.delete(raw, asRoot);
        }
    }
}
