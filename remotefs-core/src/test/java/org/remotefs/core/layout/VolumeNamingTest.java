package org.remotefs.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.model.Volume;
import org.remotefs.core.volume.VolumeFormat;

/** Names and formats by a backend's rule: what a new volume gets, what an existing one is found as. */
final class VolumeNamingTest {
    private static final String ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String STEM = "volume-" + ID;
    private static final Set<VolumeFormat> ALL = Set.copyOf(VolumeFormat.ALL);

    @TempDir
    Path dir;

    private static Volume asking(String format) {
        Volume volume = Volume.create(ID, 1);
        return format == null ? volume : volume.withTypeExtraSpecs(Map.of("volume_format", format));
    }

    @Test
    void plainRuleNamesRawAndQcow2PlainlyAndVhdVhdxByExtension() {
        VolumeNaming naming = new VolumeNaming(FileNaming.PLAIN_RAW_AND_QCOW2, ALL, VolumeFormat.RAW, VolumeFormat.RAW);

        assertThat(naming.forNew(asking(null))).isEqualTo(
                new VolumeNaming.NewFile(VolumeNames.plain(STEM), VolumeFormat.RAW));
        assertThat(naming.forNew(asking("vhd")).names().base()).isEqualTo(STEM + ".vhd");
        assertThat(naming.forNew(asking("vpc")).format()).isEqualTo(VolumeFormat.VHD);
        assertThat(naming.forNew(asking("VHDX")).names().base()).isEqualTo(STEM + ".vhdx");
        assertThat(naming.forNew(asking("raw")).names().base()).isEqualTo(STEM);
    }

    @Test
    void plainRuleRefusesTheOtherOfRawAndQcow2ItsNamesCouldNotTellApart() {
        VolumeNaming naming = new VolumeNaming(FileNaming.PLAIN_RAW_AND_QCOW2, ALL, VolumeFormat.RAW, VolumeFormat.RAW);

        assertThatThrownBy(() -> naming.forNew(asking("qcow2"))).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }

    @Test
    void extensionRuleNamesEveryFormatAndOffersRawBesideQcow2() {
        VolumeNaming naming = new VolumeNaming(FileNaming.EVERY_FORMAT_BY_EXTENSION, ALL, VolumeFormat.QCOW2,
                VolumeFormat.QCOW2);

        VolumeNames names = naming.forNew(asking(null)).names();
        assertThat(names.base()).isEqualTo(STEM + ".qcow2");
        assertThat(names.info()).isEqualTo(STEM + ".qcow2.info");
        assertThat(names.overlay("s1")).isEqualTo(STEM + ".s1.qcow2");
        assertThat(naming.forNew(asking("raw")).names().base()).isEqualTo(STEM + ".raw");
    }

    @Test
    void aFormatNotOfferedIsUnsupportedAndAnUnknownNameIsInvalidInput() {
        VolumeNaming naming = VolumeNaming.plain(VolumeFormat.RAW);

        assertThatThrownBy(() -> naming.forNew(asking("vhdx"))).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        assertThatThrownBy(() -> naming.forNew(asking("vmdk"))).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void theScopedExtraSpecWinsThenTheExtraSpecThenMetadata() {
        VolumeNaming naming = new VolumeNaming(FileNaming.PLAIN_RAW_AND_QCOW2, ALL, VolumeFormat.RAW, VolumeFormat.RAW);
        Volume volume = new Volume(ID, STEM, 1, null, org.remotefs.api.model.VolumeStatus.CREATING,
                org.remotefs.api.model.AttachStatus.DETACHED, null, null,
                Map.of("volume_format", "vhd", "smbfs:volume_format", "vhdx"), Map.of("volume_format", "raw"), null);

        assertThat(naming.forNew(volume).format()).isEqualTo(VolumeFormat.VHDX);
        assertThat(naming.forNew(volume.withTypeExtraSpecs(Map.of())).format()).isEqualTo(VolumeFormat.RAW);
    }

    @Test
    void anExistingVolumeIsFoundByItsBaseOrInfoFileUnderEveryNameTheRuleAllows() throws IOException {
        VolumeNaming naming = new VolumeNaming(FileNaming.EVERY_FORMAT_BY_EXTENSION, ALL, VolumeFormat.QCOW2,
                VolumeFormat.QCOW2);
        assertThat(naming.find(dir, STEM)).isEmpty();

        Files.writeString(dir.resolve(STEM + ".vhdx.info"), "{}");
        assertThat(naming.existing(dir, STEM)).isEqualTo(new VolumeNames(STEM, ".vhdx"));
        assertThat(naming.formatOf(naming.existing(dir, STEM))).contains(VolumeFormat.VHDX);

        Files.writeString(dir.resolve(STEM), "");
        assertThat(naming.existing(dir, STEM)).isEqualTo(VolumeNames.plain(STEM));
        assertThat(naming.formatOf(VolumeNames.plain(STEM))).isEmpty();
    }

    @Test
    void aVolumeOwnsItsBaseAndOverlaysButNotItsInfoFileTemporariesOrOtherExtensions() {
        VolumeNames names = new VolumeNames(STEM, ".qcow2");

        assertThat(names.owns(STEM + ".qcow2")).isTrue();
        assertThat(names.owns(STEM + ".5f1f7a39-2b5e-4a57-8c55-6a4f1e7c2d22.qcow2")).isTrue();
        assertThat(names.owns(STEM + ".qcow2.info")).isFalse();
        assertThat(names.owns(STEM + ".qcow2.tmp-create-x")).isFalse();
        assertThat(names.owns(STEM + ".vhd")).isFalse();
        assertThat(names.owns(STEM)).isFalse();
        assertThat(names.owns("../" + STEM + ".qcow2")).isFalse();
    }

    @Test
    void aPatternFindsVolumeIdsOfEveryNameTheRuleAllows() {
        var pattern = new VolumeNaming(FileNaming.PLAIN_RAW_AND_QCOW2, ALL, VolumeFormat.RAW, VolumeFormat.RAW)
                .volumeFilePattern();

        assertThat(pattern.matcher(STEM).matches()).isTrue();
        assertThat(pattern.matcher(STEM + ".info").matches()).isTrue();
        assertThat(pattern.matcher(STEM + ".vhd").matches()).isTrue();
        assertThat(pattern.matcher(STEM + ".vhdx.info").matches()).isTrue();
        // raw and qcow2 are plain under this rule: an extension is no volume file of it
        assertThat(pattern.matcher(STEM + ".qcow2").matches()).isFalse();
        assertThat(pattern.matcher(STEM + ".5f1f7a39-2b5e-4a57-8c55-6a4f1e7c2d22").matches()).isFalse();
    }
}
