package org.remotefs.core.volume;

import org.remotefs.core.ForBackends;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.Capability;

/**
 * A format a volume's base file can have, as data: what Cinder calls it, what {@code qemu-img}
 * calls it, the extension its files carry where a name tells the format, and what the format
 * allows. A new format is a new constant here, not a switch elsewhere.
 *
 * @param name               Cinder's name ({@code volume_format}, {@code admin_metadata['format']},
 *                           the connection info's {@code format}): {@code vhd} where qemu says
 *                           {@code vpc}, as Cinder reports it
 * @param imageFormat        the format {@code qemu-img -f/-O} takes
 * @param extension          the file-name extension, without its dot
 * @param offeredBy          the capabilities any of which a driver declares to offer volumes of this format
 * @param snapshots          whether qcow2 overlays may sit on it (qemu-img can back a qcow2 image by any
 *                           format, but Cinder's SMB drivers refuse snapshots of vhd/vhdx volumes)
 * @param resizableInPlace   whether {@code qemu-img resize} grows it; otherwise it is grown through a
 *                           raw copy, as Cinder's SMB driver does ({@code qemu-img} answers "Image
 *                           format driver does not support resize" for vpc and vhdx)
 * @param createOptions      {@code qemu-img create -o} options for a new file
 * @param convertOptions     {@code qemu-img convert -o} options for a conversion into the format
 */
@ForBackends
public record VolumeFormat(String name, ImageFormat imageFormat, String extension, List<Capability> offeredBy,
                           boolean snapshots, boolean resizableInPlace, List<String> createOptions,
                           List<String> convertOptions) {

    /** A plain file: sparse or allocated in full. */
    public static final VolumeFormat RAW = new VolumeFormat("raw", ImageFormat.RAW, "raw", List.of(Capability.THIN, Capability.THICK),
            true, true, List.of(), List.of());
    /** qcow2, its metadata preallocated as Cinder makes it. */
    public static final VolumeFormat QCOW2 = new VolumeFormat("qcow2", ImageFormat.QCOW2, "qcow2", List.of(Capability.QCOW2),
            true, true, List.of("preallocation=metadata"), List.of());
    /**
     * VHD (qemu's {@code vpc}), dynamic. {@code force_size=on}: without it qemu-img rounds the size up
     * to a disk geometry (1 GiB becomes 1073995776 bytes, which Cinder's Linux SMB driver then
     * reports as 2 GiB); with it the file presents exactly the size asked, and qemu reads it back so.
     */
    public static final VolumeFormat VHD = new VolumeFormat("vhd", ImageFormat.VPC, "vhd", List.of(Capability.VHD),
            false, false, List.of("force_size=on"), List.of("force_size=on"));
    /** VHDX, dynamic. */
    public static final VolumeFormat VHDX = new VolumeFormat("vhdx", ImageFormat.VHDX, "vhdx", List.of(Capability.VHDX),
            false, false, List.of(), List.of());

    /** Every format, in the order a file name is matched against their extensions. */
    public static final List<VolumeFormat> ALL = List.of(RAW, QCOW2, VHD, VHDX);

    public VolumeFormat {
        offeredBy = List.copyOf(offeredBy);
        createOptions = List.copyOf(createOptions);
        convertOptions = List.copyOf(convertOptions);
    }

    // equals and hashCode written out, meaning what a record's own do: those are bootstrapped
    // through invokedynamic at first use, several milliseconds of every command's start (the
    // wiring puts the formats in a set; README "Fast start")
    @Override
    public boolean equals(Object other) {
        return other instanceof VolumeFormat that && Objects.equals(name, that.name)
                && imageFormat == that.imageFormat && Objects.equals(extension, that.extension)
                && offeredBy.equals(that.offeredBy) && snapshots == that.snapshots
                && resizableInPlace == that.resizableInPlace && createOptions.equals(that.createOptions)
                && convertOptions.equals(that.convertOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, imageFormat, extension, offeredBy, snapshots, resizableInPlace, createOptions,
                convertOptions);
    }

    /** The format of a name as Cinder or qemu spells it ({@code vpc} is {@code vhd}), case aside. */
    public static Optional<VolumeFormat> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(f -> f.name.equals(wanted) || f.imageFormat.qemuName().equals(wanted)).findFirst();
    }

    /** The format of an image format qemu reports, when it is one a volume can have. */
    public static Optional<VolumeFormat> of(ImageFormat imageFormat) {
        return ALL.stream().filter(f -> f.imageFormat == imageFormat).findFirst();
    }

    /**
     * @param what names the choice in the message (an option and its origin, an extra spec)
     * @throws RemoteFsException {@link ErrorCode#INVALID_INPUT} naming {@code what} and the formats known
     */
    public static VolumeFormat parse(String value, String what) {
        return named(value).orElseThrow(() -> new RemoteFsException(ErrorCode.INVALID_INPUT,
                what + ": '" + value + "' is not a volume format (raw, qcow2, vhd, vhdx)",
                Map.of("value", String.valueOf(value), "setting", what)));
    }

    /** Whether a driver declaring {@code capabilities} offers volumes of this format. */
    public boolean offeredBy(java.util.Set<Capability> capabilities) {
        return offeredBy.stream().anyMatch(capabilities::contains);
    }

    /** {@code .ext}. */
    public String dottedExtension() {
        return "." + extension;
    }

    @Override
    public String toString() {
        return name;
    }
}
