package org.remotefs.core.driver;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.BackendSettings;
import org.remotefs.api.spi.Capability;
import org.remotefs.api.spi.Setting;
import org.remotefs.core.layout.FileLayout;
import org.remotefs.core.layout.VolumeNaming;
import org.remotefs.core.config.CoreOptions;
import org.remotefs.core.volume.VolumeFileKind;
import org.remotefs.core.volume.VolumeFormat;

/**
 * Refuses a volume-file layout the driver does not declare: qcow2 files without
 * {@link Capability#QCOW2}, fully allocated raw files without {@link Capability#THICK}, sparse ones
 * without {@link Capability#THIN}. A provider's capabilities are what the TCK certifies; a layout
 * outside them was never checked against the backend, so asking for it is a configuration error,
 * found at setup before any share is mounted or written. It lives beside the driver, not in the
 * settings reader, because only the driver knows what it declares.
 */
public final class LayoutCheck {
    private final DriverIdentity identity;
    private final BackendSettings settings;
    private final VolumeNaming naming;
    private final FileLayout fileLayout;

    public LayoutCheck(DriverIdentity identity, BackendSettings settings, VolumeNaming naming, FileLayout fileLayout) {
        this.identity = identity;
        this.settings = settings;
        this.naming = naming;
        this.fileLayout = fileLayout;
    }

    /**
     * The backend's default volume format, when an option of its sets one: a format it does not
     * offer is refused. (A raw or qcow2 default is what its plain-named files are.)
     *
     * @throws RemoteFsException {@link ErrorCode#UNSUPPORTED} naming the option, its value and origin
     */
    public void checkDefaultFormat() {
        VolumeFormat format = naming.defaultFormat();
        Optional<String> key = fileLayout.defaultFormatOption().filter(k -> settings.optionalString(k).isPresent());
        if (key.isEmpty()) {
            return;
        }
        if (!naming.offered().contains(format)) {
            String why = "driver '" + identity.id() + "' does not offer " + format.name() + " volumes (it offers: "
                    + naming.offered().stream().map(VolumeFormat::name).sorted().collect(Collectors.joining(", ")) + ")";
            Setting setting = settings.setting(key.get());
            throw new RemoteFsException(ErrorCode.UNSUPPORTED,
                    "backend '" + settings.backendName() + "': option " + key.get() + " = '" + setting.display() + "' ("
                            + setting.origin() + ") asks for " + format.name() + " volumes, and " + why,
                    Map.of("backend", settings.backendName(), "option", key.get(), "value", setting.display(),
                            "origin", setting.origin(), "driver", identity.id(), "format", format.name()));
        }
    }


    /**
     * @param kind the layout the options choose for new volumes (qcow2 wins over sparsed, as in Cinder)
     * @throws RemoteFsException {@link ErrorCode#UNSUPPORTED} naming the option that chose it, its
     *                           value, where it was set and what the driver declares
     */
    public void check(VolumeFileKind kind) {
        Capability needed = switch (kind) {
            case QCOW2 -> Capability.QCOW2;
            case THICK -> Capability.THICK;
            case SPARSE -> Capability.THIN;
        };
        if (identity.capabilities().contains(needed)) {
            return;
        }
        // qcow2 is chosen by its own option; a raw file's layout by sparsed, which qcow2 overrides;
        // or both by nas_volume_prov_type, for a driver that declares it
        String key = CoreOptions.layoutOptionKey(identity.prefix(), settings, kind == VolumeFileKind.QCOW2);
        Setting setting = settings.setting(key);
        String declared = identity.capabilities().stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
        throw new RemoteFsException(ErrorCode.UNSUPPORTED,
                "backend '" + settings.backendName() + "': option " + key + " = '" + setting.display() + "' ("
                        + setting.origin() + ") asks for " + describe(kind) + " volume files, and driver '"
                        + identity.id() + "' does not declare " + needed + " (it declares: "
                        + (declared.isEmpty() ? "nothing" : declared) + ")",
                Map.of("backend", settings.backendName(), "option", key, "value", setting.display(),
                        "origin", setting.origin(), "driver", identity.id(), "capability", needed.name(),
                        "capabilities", declared));
    }

    private static String describe(VolumeFileKind kind) {
        return switch (kind) {
            case QCOW2 -> "qcow2";
            case THICK -> "fully allocated (thick) raw";
            case SPARSE -> "sparse (thin) raw";
        };
    }
}
