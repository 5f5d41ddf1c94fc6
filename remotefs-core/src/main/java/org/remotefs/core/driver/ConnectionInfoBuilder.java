package org.remotefs.core.driver;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.remotefs.api.spi.Capability;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.Volume;
import org.remotefs.core.snapshot.ChainState;
import org.remotefs.core.layout.ChainLink;
import org.remotefs.core.share.ShareProtocol;
import org.remotefs.core.share.Shares;
import org.remotefs.core.snapshot.SnapshotChains;
import org.remotefs.core.volume.VolumeFormat;
import org.remotefs.core.volume.ImageHeader;

/**
 * What {@code initialize_connection} returns, in Cinder's shape: the export, the active image's
 * name and format, the share's options, and the protocol's own data — after the whole chain was
 * walked and checked, and the image's size checked against the volume's.
 */
public final class ConnectionInfoBuilder {
    private static final double GIB = 1L << 30;

    private final SnapshotChains chains;
    private final Shares shares;
    private final ShareProtocol protocol;
    private final Set<Capability> capabilities;

    public ConnectionInfoBuilder(SnapshotChains chains, Shares shares, ShareProtocol protocol,
                                 Set<Capability> capabilities) {
        this.chains = chains;
        this.shares = shares;
        this.protocol = protocol;
        this.capabilities = Set.copyOf(capabilities);
    }

    /** For a volume whose lock the caller holds, on the share {@code location}. */
    public ConnectionInfo build(Volume volume, String location) {
        // The whole chain is walked and checked, as Cinder's _qemu_img_info_base checks it: a
        // backing file a guest wrote into a header is refused before a hypervisor follows it. A
        // volume recorded as raw is read as raw, whatever its first bytes say.
        ChainLink active = chains.state(volume).chain().get(0);
        ImageHeader header = active.header();
        // raw or qcow2 (Cinder's NFS check), or a format the backend offers (vhd, vhdx)
        VolumeFormat format = VolumeFormat.of(header.format())
                .filter(f -> f == VolumeFormat.RAW || f == VolumeFormat.QCOW2 || f.offeredBy(capabilities))
                .orElseThrow(() -> new RemoteFsException(ErrorCode.INVALID_VOLUME,
                        "volume " + volume.id() + " must be a valid raw or qcow2 image; " + active.fileName() + " is "
                                + header.format().qemuName(), Map.of("volume_id", volume.id())));
        if (Math.ceil(header.virtualSize() / GIB) > volume.size()) {
            throw new RemoteFsException(ErrorCode.INVALID_VOLUME,
                    "volume " + volume.id() + ": the image's virtual size (" + header.virtualSize()
                            + " bytes) exceeds the volume's size of " + volume.size()
                            + " GiB; refusing it as a possible exploit", Map.of("volume_id", volume.id()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("export", location);
        data.put("name", active.fileName());
        shares.configured().find(location).ifPresent(s -> data.put("options", s.options()));
        // Cinder's name: vhd where qemu says vpc
        data.put("format", format.name());
        data.putAll(protocol.extraConnectionData(active.path()));
        return new ConnectionInfo(protocol.driverVolumeType(), data,
                protocol.mountPointBase().map(Path::toString).orElse(null));
    }

    /**
     * Cinder's {@code initialize_connection_snapshot} (its Windows SMB driver, for backups): the
     * image holding the snapshot's data — the backing file of the file the snapshot created — read
     * only, after the whole chain was walked and checked. Its format is the one recorded for it
     * (the base's for the oldest snapshot, qcow2 for an overlay), never probed.
     */
    public ConnectionInfo buildForSnapshot(Snapshot snapshot, String location) {
        Volume volume = snapshot.volume();
        ChainState state = chains.state(volume);
        String created = state.info().get(snapshot.id());
        int index = created == null ? -1 : state.indexOf(created);
        if (index < 0 || index + 1 >= state.chain().size()) {
            throw new RemoteFsException(ErrorCode.SNAPSHOT_NOT_FOUND,
                    "snapshot " + snapshot.id() + " is not in the chain of volume " + volume.id(),
                    Map.of("snapshot_id", snapshot.id(), "volume_id", volume.id()));
        }
        ChainLink data = state.chain().get(index + 1);
        VolumeFormat format = VolumeFormat.of(data.format()).orElseThrow(() -> new RemoteFsException(
                ErrorCode.INVALID_VOLUME, "snapshot " + snapshot.id() + ": " + data.fileName() + " is "
                        + data.format().qemuName(), Map.of("snapshot_id", snapshot.id(), "volume_id", volume.id())));
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("export", location);
        connection.put("name", data.fileName());
        shares.configured().find(location).ifPresent(s -> connection.put("options", s.options()));
        connection.put("format", format.name());
        connection.put("access_mode", "ro");
        connection.putAll(protocol.extraConnectionData(data.path()));
        return new ConnectionInfo(protocol.driverVolumeType(), connection,
                protocol.mountPointBase().map(Path::toString).orElse(null));
    }
}
