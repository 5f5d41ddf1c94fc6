package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.remotefs.api.VolumeDriver;
import org.remotefs.api.model.ModelUpdate;
import org.remotefs.api.model.StoredVolume;
import org.remotefs.api.model.Volume;
import org.remotefs.api.model.VolumeStatus;
import org.remotefs.api.spi.Capability;
import org.remotefs.tck.Provisioning;
import org.remotefs.tck.QemuTools;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Requires;
import org.remotefs.tck.Tck;
import org.remotefs.tck.TckBackend;

/**
 * Cinder's {@code update_migrated_volume} on the destination: after a migration of an available
 * volume to another share, the new volume's file takes the original's name and the name id is
 * cleared; otherwise nothing moves and the volume keeps the new name through its name id.
 */
@RemoteFsContract
class MigrationContract {

    @Test
    @Requires(Capability.MIGRATION)
    void anAvailableVolumeMigratedToAnotherShareTakesBackItsName(Tck tck) throws Exception {
        Volume original = tck.newVolume(1);
        tck.write(original, 0x81, 0);
        // another share of raw files, as the migrated file is written as raw: sparse where the
        // backend makes them, else fully allocated (a backend without sparse raw files, GlusterFS)
        assumeTrue(tck.declares(Capability.THIN) || tck.declares(Capability.THICK),
                "the backend makes no raw volume files");
        TckBackend destination = tck.open(tck.declares(Capability.THIN) ? Provisioning.THIN : Provisioning.THICK);
        VolumeDriver target = destination.driver();
        Volume migrated = tck.newVolume(target, 1);
        assumeFalse(migrated.providerLocation().equals(original.providerLocation()),
                "the binding's second backend has the same share address (" + original.providerLocation()
                        + "): nothing to rename across shares");
        StoredVolume migratedStored = target.findVolume(migrated.id()).orElseThrow();
        Path migratedFile = Path.of(migratedStored.path());
        String format = QemuTools.qemuFormat(migrated.format());
        QemuTools.write(migratedFile, format, 0x82, 0);
        // as Cinder's migration does: the source is deleted, then the destination renames
        tck.driver().deleteVolume(original);
        Volume renamed = original.withProviderLocation(migrated.providerLocation());
        tck.cleanup(() -> target.deleteVolume(renamed));

        ModelUpdate update = target.updateMigratedVolume(original, migrated, VolumeStatus.AVAILABLE);

        assertThat(update.providerLocation()).isEqualTo(migrated.providerLocation());
        assertThat(update.nameId()).as("name id update").isNotNull();
        assertThat(update.nameId().value()).as("the name id is cleared").isNull();
        // the original's name, with the extension the backend's naming rule gave the file
        Path renamedFile = migratedFile.resolveSibling(original.name()
                + migratedStored.baseFile().substring(migrated.name().length()));
        assertThat(renamedFile).isRegularFile();
        assertThat(migratedFile).doesNotExist();
        assertThat(QemuTools.mismatch(renamedFile, format, 0x82)).isNull();
        assertThat(target.findVolume(original.id())).hasValueSatisfying(stored ->
                assertThat(stored.baseFile()).isEqualTo(renamedFile.getFileName().toString()));
        assertThat(target.findVolume(migrated.id())).isEmpty();
    }

    @Test
    @Requires(Capability.MIGRATION)
    void aVolumeThatWasInUseKeepsTheNewNameThroughItsNameId(Tck tck) throws Exception {
        Volume original = tck.newVolume(1);
        Volume migrated = tck.newVolume(1);
        var before = tck.listing();

        ModelUpdate update = tck.driver().updateMigratedVolume(original, migrated, VolumeStatus.IN_USE);

        assertThat(update.providerLocation()).isEqualTo(migrated.providerLocation());
        assertThat(update.nameId()).as("name id update").isNotNull();
        assertThat(update.nameId().value()).isEqualTo(migrated.id());
        assertThat(tck.listing()).as("nothing is renamed for a volume that was in use").isEqualTo(before);
    }
}
