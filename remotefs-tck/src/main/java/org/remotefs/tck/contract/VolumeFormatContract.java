package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.model.AttachStatus;
import org.remotefs.api.model.ConnectionInfo;
import org.remotefs.api.model.Connector;
import org.remotefs.api.model.Snapshot;
import org.remotefs.api.model.SnapshotStatus;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;

/**
 * Volume formats a volume asks for by Cinder's {@code volume_format} extra spec: vhd (qemu's
 * {@code vpc}, reported as {@code vhd} as Cinder does) and vhdx, each run when the backend declares
 * it ({@code VHD}, {@code VHDX}) and otherwise replaced by the refusal check (a volume asking for it
 * is refused with {@code UNSUPPORTED}, nothing changed). Such a volume is the file
 * {@code volume-<id>.vhd} or {@code .vhdx} in its share directory, of exactly its size as qemu reads
 * it in that format, found and connected as that format, extended (N to N+1 GiB) and cloned with its
 * data, deleted whole; a snapshot of it is refused with {@code INVALID_VOLUME} before anything is
 * written (so a volume from one of its snapshots cannot be asked for). A format no one knows is
 * {@code INVALID_INPUT} on every backend.
 */
@RemoteFsContract
class VolumeFormatContract {
    private static final long GIB = 1L << 30;

    // ------------------------------------------------------------------ vhd

    @Test
    @Requires(Capability.VHD)
    void vhdVolumesAreFilesOfTheirFormatAndExactSizeNamedByTheirExtension(Tck tck) throws Exception {
        createdFoundConnectedAndDeleted(tck, "vhd");
    }

    @Test
    @Requires(Capability.VHD)
    void vhdVolumesKeepTheirFormatNameAndDataThroughAnExtend(Tck tck) throws Exception {
        extended(tck, "vhd");
    }

    @Test
    @Requires(Capability.VHD)
    void vhdVolumesAreClonedWithTheirDataIntoTheFormatTheCloneAsksFor(Tck tck) throws Exception {
        cloned(tck, "vhd");
    }

    @Test
    @Requires(Capability.VHD)
    void snapshotsOfVhdVolumesAreRefusedAndChangeNothing(Tck tck) throws Exception {
        snapshotRefused(tck, "vhd");
    }

    // ------------------------------------------------------------------ vhdx

    @Test
    @Requires(Capability.VHDX)
    void vhdxVolumesAreFilesOfTheirFormatAndExactSizeNamedByTheirExtension(Tck tck) throws Exception {
        createdFoundConnectedAndDeleted(tck, "vhdx");
    }

    @Test
    @Requires(Capability.VHDX)
    void vhdxVolumesKeepTheirFormatNameAndDataThroughAnExtend(Tck tck) throws Exception {
        extended(tck, "vhdx");
    }

    @Test
    @Requires(Capability.VHDX)
    void vhdxVolumesAreClonedWithTheirDataIntoTheFormatTheCloneAsksFor(Tck tck) throws Exception {
        cloned(tck, "vhdx");
    }

    @Test
    @Requires(Capability.VHDX)
    void snapshotsOfVhdxVolumesAreRefusedAndChangeNothing(Tck tck) throws Exception {
        snapshotRefused(tck, "vhdx");
    }

    // ------------------------------------------------------------------ every backend

    @Test
    void anUnknownVolumeFormatIsInvalidInputAndChangesNothing(Tck tck) throws Exception {
        Volume source = tck.newVolume(1);
        Snapshot snapshot = tck.declares(Capability.VOLUME_FROM_SNAPSHOT) ? tck.snapshot(source) : null;
        var before = tck.listing();
        Volume asking = Tck.askingFormat(Volume.create(UUID.randomUUID().toString(), 1), "vmdk");

        assertThat(Tck.codeOf(() -> tck.driver().createVolume(asking))).as("create asking for vmdk")
                .isEqualTo(ErrorCode.INVALID_INPUT);
        // copies ask too: refused before the source's files are touched
        if (tck.declares(Capability.CLONE)) {
            assertThat(Tck.codeOf(() -> tck.driver().createClonedVolume(asking, source))).as("clone asking for vmdk")
                    .isEqualTo(ErrorCode.INVALID_INPUT);
        }
        if (snapshot != null) {
            assertThat(Tck.codeOf(() -> tck.driver().createVolumeFromSnapshot(asking, snapshot)))
                    .as("volume from a snapshot asking for vmdk").isEqualTo(ErrorCode.INVALID_INPUT);
        }
        assertThat(tck.listing()).as("the shares after refused vmdk volumes").isEqualTo(before);
        assertThat(tck.driver().findVolume(asking.id())).isEmpty();
    }

    // ------------------------------------------------------------------ the checks, per format

    /** {@code volume-<id>.<format>}: Cinder's name of the format is the extension (vhd, vhdx). */
    private static String fileOf(Volume volume, String format) {
        return volume.name() + "." + format;
    }

    /** The file read as {@code format}, never probed: its virtual size must be exactly {@code gib} GiB. */
    private static void assertImage(Path file, String format, int gib) {
        String qemu = QemuTools.qemuFormat(format);
        assertThat(QemuTools.info(file, qemu).get("virtual-size").asLong())
                .as("virtual size of %s read as %s", file.getFileName(), qemu).isEqualTo(gib * GIB);
        assertThat(QemuTools.info(file).get("format").asText()).as("format of %s", file.getFileName())
                .isEqualTo(qemu);
        assertThat(QemuTools.info(file).has("backing-filename")).as("%s has a backing file", file.getFileName())
                .isFalse();
    }

    /** What findVolume and listVolumes say of a volume of {@code format}, {@code gib} GiB, in its file. */
    private static void assertReported(Tck tck, Volume volume, String format, int gib) {
        String file = fileOf(volume, format);
        StoredVolume found = tck.stored(volume);
        List<StoredVolume> listed = tck.driver().listVolumes().stream().filter(v -> v.id().equals(volume.id()))
                .toList();
        assertThat(listed).as("volume %s in listVolumes", volume.id()).hasSize(1);
        for (StoredVolume stored : List.of(found, listed.get(0))) {
            assertThat(stored.name()).isEqualTo(volume.name());
            assertThat(stored.baseFile()).as("base file").isEqualTo(file);
            assertThat(stored.activeFile()).as("active file").isEqualTo(file);
            assertThat(stored.format()).as("format").isEqualTo(format);
            assertThat(stored.size()).as("size").isEqualTo(gib);
            assertThat(stored.virtualSizeBytes()).as("virtual size").isEqualTo(gib * GIB);
            assertThat(stored.snapshotIds()).isEmpty();
            assertThat(Path.of(stored.path()).getFileName().toString()).isEqualTo(file);
        }
    }

    private static void createdFoundConnectedAndDeleted(Tck tck, String format) throws Exception {
        Volume volume = tck.newVolume(2, format);
        Path directory = tck.directoryOf(volume);
        String file = fileOf(volume, format);

        assertThat(volume.format()).as("the format the create recorded").isEqualTo(format);
        List<Path> shares = new ArrayList<>();
        for (Path share : tck.backend().shareDirectories()) {
            shares.add(share.toRealPath());
        }
        assertThat(shares).as("the share directories").contains(directory.toRealPath());
        assertThat(tck.filesOf(volume, directory)).as("the files of volume %s", volume.id()).containsExactly(file);
        assertImage(directory.resolve(file), format, 2);
        assertReported(tck, volume, format, 2);
        // a guest's data: written and read by qemu in the volume's format
        tck.write(volume, 0xA1, 0);
        tck.write(volume, 0xA2, 2);
        assertThat(tck.mismatch(volume, 0xA1, 0, 0xA2)).isNull();

        var before = tck.listing();
        ConnectionInfo connection = tck.driver().initializeConnection(volume, Connector.ofHost("tck-host"));
        assertThat(connection.data()).containsEntry("name", file).containsEntry("format", format)
                .containsEntry("export", volume.providerLocation());
        assertThat(tck.listing()).as("the shares after initialize_connection").isEqualTo(before);

        tck.driver().deleteVolume(volume);
        assertThat(tck.filesOf(volume, directory)).as("files of the deleted volume").isEmpty();
        assertThat(tck.driver().findVolume(volume.id())).isEmpty();
    }

    private static void extended(Tck tck, String format) throws Exception {
        Assumptions.assumeTrue(tck.declares(Capability.EXTEND), "the backend does not declare EXTEND (its refusal"
                + " is the extend contract's)");
        Volume volume = tck.newVolume(1, format);
        Path directory = tck.directoryOf(volume);
        tck.write(volume, 0xB1, 0);
        tck.write(volume, 0xB2, 2);

        tck.driver().extendVolume(volume, 2);

        // still the one file of its name and format (a conversion leaves nothing behind), grown exactly
        assertThat(tck.filesOf(volume, directory)).as("the files of volume %s after the extend", volume.id())
                .containsExactly(fileOf(volume, format));
        assertImage(directory.resolve(fileOf(volume, format)), format, 2);
        assertReported(tck, volume, format, 2);
        assertThat(tck.mismatch(volume, 0xB1, 0, 0xB2)).isNull();
    }

    private static void cloned(Tck tck, String format) throws Exception {
        Assumptions.assumeTrue(tck.declares(Capability.CLONE), "the backend does not declare CLONE (its refusal is"
                + " the clone contract's)");
        Volume source = tck.newVolume(1, format);
        Path directory = tck.directoryOf(source);
        tck.write(source, 0xC1, 0);
        tck.write(source, 0xC2, 2);
        // what a volume asking for no format is made as: the backend's default
        String defaultFormat = tck.stored(tck.newVolume(1)).format();

        Volume sameFormat = Tck.askingFormat(Volume.create(UUID.randomUUID().toString(), 1), format);
        Volume clone = tck.owned(sameFormat, tck.driver().createClonedVolume(sameFormat, source));
        Volume noFormat = Volume.create(UUID.randomUUID().toString(), 2);
        Volume other = tck.owned(noFormat, tck.driver().createClonedVolume(noFormat, source));

        // asking for the source's format: a file of its own in that format, with the data
        assertThat(clone.format()).as("the format the clone recorded").isEqualTo(format);
        Path cloneDirectory = tck.directoryOf(clone);
        assertThat(tck.filesOf(clone, cloneDirectory)).containsExactly(fileOf(clone, format));
        assertImage(cloneDirectory.resolve(fileOf(clone, format)), format, 1);
        assertReported(tck, clone, format, 1);
        assertThat(tck.mismatch(clone, 0xC1, 0, 0xC2)).isNull();
        // asking for none: the backend's default format, named by its rule, at the size asked
        assertThat(other.format()).as("the format of a clone asking for none").isEqualTo(defaultFormat);
        StoredVolume otherStored = tck.stored(other);
        assertThat(otherStored.format()).isEqualTo(defaultFormat);
        assertThat(otherStored.size()).isEqualTo(2);
        assertThat(otherStored.baseFile()).isEqualTo(tck.expectedBaseFile(other, defaultFormat));
        Path otherFile = tck.directoryOf(other).resolve(otherStored.baseFile());
        assertThat(QemuTools.info(otherFile, QemuTools.qemuFormat(defaultFormat)).get("virtual-size").asLong())
                .isEqualTo(2 * GIB);
        assertThat(tck.mismatch(other, 0xC1, 0, 0xC2)).isNull();
        // the source as it was: its one file, its data
        assertThat(tck.filesOf(source, directory)).containsExactly(fileOf(source, format));
        assertReported(tck, source, format, 1);
        assertThat(tck.mismatch(source, 0xC1, 0, 0xC2)).isNull();
    }

    private static void snapshotRefused(Tck tck, String format) throws Exception {
        Volume volume = tck.newVolume(1, format);
        tck.write(volume, 0xD1, 0);
        var before = tck.listing();
        var bytesBefore = tck.digestsOf(volume);
        // without snapshots declared the refusal is the capability's; with them, the format's
        ErrorCode expected = tck.declares(Capability.SNAPSHOTS) ? ErrorCode.INVALID_VOLUME : ErrorCode.UNSUPPORTED;

        assertThat(Tck.codeOf(() -> tck.driver().createSnapshot(new Snapshot(UUID.randomUUID().toString(), volume,
                SnapshotStatus.CREATING, null, null)))).as("a snapshot of a %s volume", format).isEqualTo(expected);
        if (tck.declares(Capability.ONLINE_SNAPSHOTS)) {
            Volume attached = volume.withStatus(VolumeStatus.IN_USE).withAttachStatus(AttachStatus.ATTACHED);
            assertThat(Tck.codeOf(() -> tck.driver().createSnapshot(new Snapshot(UUID.randomUUID().toString(),
                    attached, SnapshotStatus.CREATING, null, null)))).as("a snapshot of an attached %s volume", format)
                    .isEqualTo(ErrorCode.INVALID_VOLUME);
            assertThat(tck.hypervisor().creates()).as("snapshots asked of the compute service").isEmpty();
        }

        assertThat(tck.listing()).as("the shares after refused snapshots").isEqualTo(before);
        assertThat(tck.digestsOf(volume)).as("the bytes of the volume's files after refused snapshots")
                .isEqualTo(bytesBefore);
        assertReported(tck, volume, format, 1);
        assertThat(tck.mismatch(volume, 0xD1)).isNull();
    }
}
