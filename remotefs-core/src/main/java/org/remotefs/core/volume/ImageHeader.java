package org.remotefs.core.volume;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/**
 * What an image file's header says about it.
 *
 * @param format                the format its magic reveals ({@link ImageFormat#RAW} when none)
 * @param virtualSize           the disk size in bytes it presents (a raw file's length; -1 when
 *                              the format is not one this reader sizes)
 * @param backingFile           the backing file name a qcow2 header records, when it has one
 * @param backingFormat         the backing format a qcow2 header records, when it has one
 * @param externalDataFile      the external data file a qcow2 header names (or an empty name when
 *                              only the feature bit is set), when it has one
 * @param unknownIncompatible   qcow2 incompatible-feature bits this reader does not know
 * @param encrypted             whether the qcow2 header declares encryption (crypt_method != 0)
 */
public record ImageHeader(ImageFormat format, long virtualSize, Optional<String> backingFile,
                          Optional<String> backingFormat, Optional<String> externalDataFile, long unknownIncompatible,
                          boolean encrypted) {

    /** A header without backing file, data file or unknown features. */
    public static ImageHeader plain(ImageFormat format, long virtualSize) {
        return new ImageHeader(format, virtualSize, Optional.empty(), Optional.empty(), Optional.empty(), 0, false);
    }

    /**
     * Refuses what Cinder's format inspector refuses (CVE-2024-32498): a qcow2 image with an
     * external data file or incompatible features this reader does not know, and formats that have
     * no place on a share (VMDK, qcow version 1, QED).
     *
     * @throws RemoteFsException {@link ErrorCode#IMAGE_UNACCEPTABLE}
     */
    public ImageHeader requireSafe(Path file) {
        String why = null;
        if (externalDataFile.isPresent()) {
            why = "it uses an external data file" + (externalDataFile.get().isEmpty() ? "" : " (" + externalDataFile.get() + ")");
        } else if (unknownIncompatible != 0) {
            why = "it sets unknown incompatible qcow2 features 0x" + Long.toHexString(unknownIncompatible);
        } else if (format == ImageFormat.VMDK || format == ImageFormat.QCOW || format == ImageFormat.QED) {
            why = "it is a " + format.qemuName() + " image";
        }
        if (why != null) {
            throw new RemoteFsException(ErrorCode.IMAGE_UNACCEPTABLE, file + " is refused: " + why,
                    Map.of("file", file.toString()));
        }
        return this;
    }
}
