package org.remotefs.core.layout;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.volume.VolumeFormat;

/**
 * A backend's naming rule applied: the names and format of a new volume (its per-volume choice
 * checked against what the backend offers and what a name can tell apart), the names of an
 * existing one found on its share, and the format a base file's name tells. One per driver.
 */
public final class VolumeNaming {
    /** Cinder's per-volume choice: a volume type extra spec (or volume metadata) of this key. */
    public static final String VOLUME_FORMAT_KEY = "volume_format";
    /** The Windows SMB driver's scoped spelling of the same extra spec. */
    public static final String SCOPED_VOLUME_FORMAT_KEY = "smbfs:volume_format";

    private final FileNaming rule;
    private final Set<VolumeFormat> offered;
    private final VolumeFormat defaultFormat;
    private final VolumeFormat plainFormat;
    private final List<String> extensions;

    /**
     * @param rule          the backend's naming rule
     * @param offered       the formats the backend offers (by its declared capabilities)
     * @param defaultFormat the format of a volume that asks for none
     * @param plainFormat   under {@link FileNaming#PLAIN_RAW_AND_QCOW2}, the format the backend's
     *                      configuration makes plain-named files ({@code raw}, or {@code qcow2} with
     *                      {@code <prefix>_qcow2_volumes}); ignored under the other rule
     */
    public VolumeNaming(FileNaming rule, Set<VolumeFormat> offered, VolumeFormat defaultFormat,
                        VolumeFormat plainFormat) {
        this.rule = rule;
        this.offered = Set.copyOf(offered);
        this.defaultFormat = defaultFormat;
        this.plainFormat = rule == FileNaming.PLAIN_RAW_AND_QCOW2 ? plainFormat : null;
        Set<String> named = new LinkedHashSet<>();
        for (VolumeFormat format : VolumeFormat.ALL) {
            if (offered.contains(format) && rule.namedByExtension(format)) {
                named.add(format.dottedExtension());
            }
        }
        this.extensions = List.copyOf(named);
    }

    /** The plain rule over raw and qcow2: Cinder's NFS names, for parts built without a driver. */
    public static VolumeNaming plain(VolumeFormat plainFormat) {
        return new VolumeNaming(FileNaming.PLAIN_RAW_AND_QCOW2, Set.of(VolumeFormat.RAW, VolumeFormat.QCOW2),
                plainFormat, plainFormat);
    }

    public FileNaming rule() {
        return rule;
    }

    public VolumeFormat defaultFormat() {
        return defaultFormat;
    }

    public Set<VolumeFormat> offered() {
        return offered;
    }

    /** Whether plain-named base files are raw by the backend's configuration (so never probed). */
    public boolean rawPlainFiles() {
        return plainFormat == VolumeFormat.RAW;
    }

    /** A new volume's file: its names and format. */
    public record NewFile(VolumeNames names, VolumeFormat format) {
    }

    /**
     * The file a new volume gets: the format its {@code volume_format} extra spec (else volume
     * metadata) asks for, else the backend's default.
     *
     * @throws RemoteFsException {@link ErrorCode#INVALID_INPUT} for a name that is no format,
     *         {@link ErrorCode#UNSUPPORTED} for a format the backend does not offer, or one its file
     *         names could not tell apart from its default (raw versus qcow2 under the plain rule)
     */
    public NewFile forNew(Volume volume) {
        VolumeFormat format = requestedFormat(volume).orElse(defaultFormat);
        return new NewFile(new VolumeNames(volume.name(), rule.extensionOf(format)), format);
    }

    /** The format a volume asks for, checked; empty when it asks for none. */
    public Optional<VolumeFormat> requestedFormat(Volume volume) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("extra spec " + SCOPED_VOLUME_FORMAT_KEY, volume.typeExtraSpecs().get(SCOPED_VOLUME_FORMAT_KEY));
        sources.put("extra spec " + VOLUME_FORMAT_KEY, volume.typeExtraSpecs().get(VOLUME_FORMAT_KEY));
        sources.put("metadata " + VOLUME_FORMAT_KEY, volume.metadata().get(VOLUME_FORMAT_KEY));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            if (source.getValue() == null || source.getValue().isBlank()) {
                continue;
            }
            String what = "volume " + volume.id() + ": " + source.getKey();
            VolumeFormat format = VolumeFormat.parse(source.getValue(), what);
            check(format, volume, what);
            return Optional.of(format);
        }
        return Optional.empty();
    }

    private void check(VolumeFormat format, Volume volume, String what) {
        String offeredNames = VolumeFormat.ALL.stream().filter(offered::contains).map(VolumeFormat::name)
                .collect(Collectors.joining(", "));
        if (!offered.contains(format)) {
            throw new RemoteFsException(ErrorCode.UNSUPPORTED,
                    what + " asks for a " + format.name() + " volume, and this backend offers " + offeredNames,
                    Map.of("volume_id", volume.id(), "format", format.name(), "formats", offeredNames));
        }
        if (!rule.namedByExtension(format) && format != plainFormat) {
            // a plain volume-<id> file is read as the backend's configured format: another one
            // under the same kind of name could never be told apart from it again
            throw new RemoteFsException(ErrorCode.UNSUPPORTED,
                    what + " asks for a " + format.name() + " volume, and this backend names raw and qcow2 files "
                            + "alike (volume-<id>) and makes them " + plainFormat.name() + ": a "
                            + format.name() + " file could not be told apart from them",
                    Map.of("volume_id", volume.id(), "format", format.name(), "formats", offeredNames));
        }
    }

    /**
     * The names of an existing volume in {@code directory}: the first of {@code <stem>} and
     * {@code <stem>.<ext>} (for each extension the rule gives an offered format) whose base or info
     * file is there; plain names when none is (the caller reports the volume missing).
     */
    public VolumeNames existing(Path directory, String stem) {
        return find(directory, stem).orElse(VolumeNames.plain(stem));
    }

    /** As {@link #existing}, empty when no base or info file of the volume is there. */
    public Optional<VolumeNames> find(Path directory, String stem) {
        for (VolumeNames candidate : candidates(stem)) {
            if (Files.exists(directory.resolve(candidate.base()), LinkOption.NOFOLLOW_LINKS)
                    || Files.exists(directory.resolve(candidate.info()), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Every name a volume's base file can have under this rule, the plain one first. */
    public List<VolumeNames> candidates(String stem) {
        List<VolumeNames> all = new ArrayList<>();
        all.add(VolumeNames.plain(stem));
        extensions.forEach(extension -> all.add(new VolumeNames(stem, extension)));
        return all;
    }

    /**
     * The format a base file's name tells, when it tells one: its extension's format under this
     * rule. Empty for a plain name: the volume's recorded format, or the backend's configuration,
     * says then.
     */
    public Optional<VolumeFormat> formatOf(VolumeNames names) {
        if (names.extension().isEmpty()) {
            return Optional.empty();
        }
        return VolumeFormat.ALL.stream().filter(f -> f.dottedExtension().equals(names.extension())).findFirst();
    }

    /**
     * The base file's format as its name or the backend's configuration tells it ({@code raw} for a
     * plain name on a raw backend), or null when only its header can say.
     */
    public String knownBaseFormat(VolumeNames names) {
        return formatOf(names).map(VolumeFormat::name)
                .orElse(names.extension().isEmpty() && rawPlainFiles() ? VolumeFormat.RAW.name() : null);
    }

    /**
     * A base or info file name of some volume: group 1 the id, group 2 the extension (or null).
     */
    public Pattern volumeFilePattern() {
        String alternatives = extensions.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return Pattern.compile("volume-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
                + (alternatives.isEmpty() ? "()" : "(" + alternatives + ")?") + "(?:\\.info)?");
    }
}
