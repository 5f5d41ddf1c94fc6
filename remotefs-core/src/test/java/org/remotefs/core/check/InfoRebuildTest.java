package org.remotefs.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.core.layout.BackingFileCheck;
import org.remotefs.core.layout.ChainWalker;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeNames;
import org.remotefs.core.volume.ImageFormat;
import org.remotefs.core.volume.ImageHeaderReader;
import org.remotefs.core.volume.Qcow2OverlayLayout;

/**
 * The rules by which an info file is rebuilt from a chain: only what the files prove, never an
 * invented id. Overlays are written in-process as {@code qemu-img create -b} writes them; bases
 * are raw files.
 */
final class InfoRebuildTest {
    private static final long SIZE = 1 << 20;
    private static final String ID = "0b0e3ba6-8e7c-4c43-9a2d-0f6b0c9c1d11";
    private static final VolumeNames PLAIN = VolumeNames.plain("volume-" + ID);
    private static final VolumeNames EXTENSION = new VolumeNames("volume-" + ID, ".raw");

    @TempDir
    Path dir;

    private final ImageHeaderReader headers = new ImageHeaderReader();
    private final InfoRebuild rebuild = new InfoRebuild(new ChainWalker(headers, new BackingFileCheck()), headers,
            new BackingFileCheck());

    private void base(VolumeNames names) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(names.base()).toFile(), "rw")) {
            file.setLength(SIZE);
        }
    }

    /** Writes {@code name} as a qcow2 overlay backed by {@code backing} of {@code format}. */
    private String overlay(String name, String backing, ImageFormat format) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            Qcow2OverlayLayout.of(SIZE, backing, format).orElseThrow().writeTo(channel);
        }
        return name;
    }

    private InfoRebuild.Verdict verdict(VolumeNames names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            // as the inspector lists them: every file of the volume's stem but its info file and journal
            List<String> images = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(names.stem()) && !n.equals(names.info()) && !n.equals(names.journal()))
                    .sorted().toList();
            return rebuild.rebuild(dir, names, images, "raw");
        }
    }

    private static void refused(InfoRebuild.Verdict verdict, String why) {
        assertThat(verdict.provable()).isFalse();
        assertThat(verdict.info()).isNull();
        assertThat(verdict.why()).contains(why);
    }

    @Test
    void anIntactChainNamedAfterItsSnapshotsProvesItsInfoFile() throws IOException {
        String first = UUID.randomUUID().toString();
        String clone = "tmp-snap-" + UUID.randomUUID();
        String newest = UUID.randomUUID().toString();
        base(PLAIN);
        String a = overlay(PLAIN.overlay(first), PLAIN.base(), ImageFormat.RAW);
        String b = overlay(PLAIN.overlay(clone), a, ImageFormat.QCOW2);
        String c = overlay(PLAIN.overlay(newest), b, ImageFormat.QCOW2);

        InfoRebuild.Verdict verdict = verdict(PLAIN);

        assertThat(verdict.provable()).isTrue();
        assertThat(verdict.info()).containsExactlyInAnyOrderEntriesOf(Map.of(first, a, clone, b, newest, c,
                InfoFile.ACTIVE, c));
    }

    @Test
    void extensionNamesCarryTheIdBeforeTheBasesExtension() throws IOException {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        base(EXTENSION);
        String a = overlay(EXTENSION.overlay(first), EXTENSION.base(), ImageFormat.RAW);
        String b = overlay(EXTENSION.overlay(second), a, ImageFormat.QCOW2);

        InfoRebuild.Verdict verdict = verdict(EXTENSION);

        assertThat(a).isEqualTo("volume-" + ID + "." + first + ".raw");
        assertThat(verdict.info()).containsExactlyInAnyOrderEntriesOf(Map.of(first, a, second, b,
                InfoFile.ACTIVE, b));
    }

    @Test
    void aBaseAloneIsCindersRecordOfAVolumeWithoutSnapshots() throws IOException {
        base(PLAIN);

        assertThat(verdict(PLAIN).info()).containsExactlyEntriesOf(Map.of(InfoFile.ACTIVE, PLAIN.base()));
    }

    @Test
    void noBaseFileProvesNothing() throws IOException {
        // what Cinder's online delete of the oldest snapshot leaves: the base merged away
        base(PLAIN);
        String a = overlay(PLAIN.overlay(UUID.randomUUID().toString()), PLAIN.base(), ImageFormat.RAW);
        overlay(PLAIN.overlay(UUID.randomUUID().toString()), a, ImageFormat.QCOW2);
        Files.delete(dir.resolve(PLAIN.base()));

        refused(verdict(PLAIN), "base file");
    }

    @Test
    void anOverlayWhoseNameCarriesNoSnapshotIdProvesNothing() throws IOException {
        base(PLAIN);
        String a = overlay(PLAIN.overlay(UUID.randomUUID().toString()), PLAIN.base(), ImageFormat.RAW);
        overlay(PLAIN.overlay("abc123"), a, ImageFormat.QCOW2);

        refused(verdict(PLAIN), "does not carry a snapshot id");
    }

    @Test
    void anUpperCaseIdIsNotOneCinderWrites() throws IOException {
        base(PLAIN);
        overlay(PLAIN.overlay(UUID.randomUUID().toString().toUpperCase()), PLAIN.base(), ImageFormat.RAW);

        refused(verdict(PLAIN), "does not carry a snapshot id");
    }

    @Test
    void anOverlayOfAnotherExtensionIsNotOneOfTheVolumesNames() throws IOException {
        base(EXTENSION);
        overlay("volume-" + ID + "." + UUID.randomUUID() + ".qcow2", EXTENSION.base(), ImageFormat.RAW);

        refused(verdict(EXTENSION), "does not carry a snapshot id");
    }

    @Test
    void twoTopsAreAFork() throws IOException {
        base(PLAIN);
        overlay(PLAIN.overlay(UUID.randomUUID().toString()), PLAIN.base(), ImageFormat.RAW);
        overlay(PLAIN.overlay(UUID.randomUUID().toString()), PLAIN.base(), ImageFormat.RAW);

        refused(verdict(PLAIN), "which one is active cannot be proven");
    }

    @Test
    void aChainWithAMissingLinkProvesNothing() throws IOException {
        base(PLAIN);
        overlay(PLAIN.overlay(UUID.randomUUID().toString()), PLAIN.overlay(UUID.randomUUID().toString()),
                ImageFormat.QCOW2);

        refused(verdict(PLAIN), "does not read or check");
    }

    @Test
    void aBackingFileOfAnotherVolumeProvesNothing() throws IOException {
        base(PLAIN);
        overlay(PLAIN.overlay(UUID.randomUUID().toString()), "volume-" + UUID.randomUUID(), ImageFormat.RAW);

        refused(verdict(PLAIN), "does not read or check");
    }

    @Test
    void anOverlayThatIsNotQcow2ProvesNothing() throws IOException {
        base(PLAIN);
        Files.write(dir.resolve(PLAIN.overlay(UUID.randomUUID().toString())), new byte[4096]);

        refused(verdict(PLAIN), "does not read or check");
    }

    @Test
    void aLoopHasNoTop() throws IOException {
        base(PLAIN);
        String a = PLAIN.overlay(UUID.randomUUID().toString());
        String b = PLAIN.overlay(UUID.randomUUID().toString());
        overlay(a, b, ImageFormat.QCOW2);
        overlay(b, a, ImageFormat.QCOW2);

        refused(verdict(PLAIN), "no top");
    }

    @Test
    void anUnfinishedJournalProvesNothing() throws IOException {
        base(PLAIN);
        overlay(PLAIN.overlay(UUID.randomUUID().toString()), PLAIN.base(), ImageFormat.RAW);
        Files.writeString(dir.resolve(PLAIN.journal()), "{}");

        refused(verdict(PLAIN), "journal");
    }

    @Test
    void snapshotIdsAreReadOnlyFromTheVolumesOwnNames() {
        String id = UUID.randomUUID().toString();
        assertThat(InfoRebuild.snapshotIdOf(PLAIN, PLAIN.overlay(id))).contains(id);
        assertThat(InfoRebuild.snapshotIdOf(PLAIN, PLAIN.overlay("tmp-snap-" + id))).contains("tmp-snap-" + id);
        assertThat(InfoRebuild.snapshotIdOf(EXTENSION, EXTENSION.overlay(id))).contains(id);
        assertThat(InfoRebuild.snapshotIdOf(PLAIN, PLAIN.overlay(id) + ".qcow2")).isEmpty();
        assertThat(InfoRebuild.snapshotIdOf(PLAIN, PLAIN.overlay("tmp-snap-x" + id))).isEmpty();
        assertThat(InfoRebuild.snapshotIdOf(PLAIN, "volume-" + UUID.randomUUID() + "." + id)).isEmpty();
        assertThat(InfoRebuild.snapshotIdOf(PLAIN, PLAIN.base())).isEmpty();
    }
}
