package org.remotefs.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.json.Json;
import org.remotefs.core.layout.InfoFile;
import org.remotefs.core.layout.VolumeNames;

/** A clone's journal: what it records, and when it still describes the source. */
final class CloneJournalTest {
    private static final VolumeNames SOURCE = VolumeNames.plain("volume-" + UUID.randomUUID());
    private static final String TARGET_ID = UUID.randomUUID().toString();
    private static final String SNAPSHOT = "tmp-snap-" + TARGET_ID;
    private static final String OLDER = UUID.randomUUID().toString();

    @TempDir
    Path dir;

    private final CloneJournal journal = new CloneJournal(Json.mapper());

    private static CloneJournal.Entry entry(Map<String, String> before, List<String> chain) {
        return new CloneJournal.Entry(SNAPSHOT, SOURCE.overlay(SNAPSHOT), "volume-" + TARGET_ID, before, chain);
    }

    @Test
    void aJournalReadsBackAsRecordedBesideTheInfoFileAndIsNoImageOfTheVolume() {
        CloneJournal.Entry entry = entry(Map.of(OLDER, SOURCE.overlay(OLDER), InfoFile.ACTIVE, SOURCE.overlay(OLDER)),
                List.of(SOURCE.overlay(OLDER), SOURCE.base()));

        journal.record(dir, SOURCE, entry, p -> { });

        assertThat(dir.resolve(SOURCE.info() + ".clone.journal")).exists();
        assertThat(journal.read(dir, SOURCE)).contains(entry);
        assertThat(SOURCE.owns(SOURCE.cloneJournal())).isFalse();
        assertThat(SOURCE.owns(SOURCE.journal())).isFalse();
        assertThat(SOURCE.isRecord(SOURCE.cloneJournal())).isTrue();
        journal.clear(dir, SOURCE);
        assertThat(journal.read(dir, SOURCE)).isEmpty();
    }

    @Test
    void aFileThatIsNoCloneJournalIsRefused() throws Exception {
        Files.writeString(dir.resolve(SOURCE.cloneJournal()), "{\"operation\": \"delete_snapshot\"}");

        assertThatThrownBy(() -> journal.read(dir, SOURCE)).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VOLUME));
    }

    @Test
    void aSourceWithoutInfoFileMatchesWithOrWithoutItsTemporarySnapshot() {
        CloneJournal.Entry entry = entry(Map.of(), List.of(SOURCE.base()));
        String overlay = SOURCE.overlay(SNAPSHOT);

        assertThat(CloneJournal.match(entry, Map.of(), List.of(SOURCE.base()), SOURCE.base()))
                .isEqualTo(CloneJournal.Match.BEFORE);
        assertThat(CloneJournal.match(entry, Map.of(InfoFile.ACTIVE, SOURCE.base()), List.of(SOURCE.base()),
                SOURCE.base())).as("after the temporary snapshot was dropped").isEqualTo(CloneJournal.Match.BEFORE);
        assertThat(CloneJournal.match(entry, Map.of(SNAPSHOT, overlay, InfoFile.ACTIVE, overlay),
                List.of(overlay, SOURCE.base()), SOURCE.base())).isEqualTo(CloneJournal.Match.SNAPSHOT_ON_TOP);
    }

    @Test
    void anyOtherChangeOfTheSourceMakesItStale() {
        String older = SOURCE.overlay(OLDER);
        String overlay = SOURCE.overlay(SNAPSHOT);
        Map<String, String> before = Map.of(OLDER, older, InfoFile.ACTIVE, older);
        CloneJournal.Entry entry = entry(before, List.of(older, SOURCE.base()));
        String newer = UUID.randomUUID().toString();

        assertThat(CloneJournal.match(entry, before, List.of(older, SOURCE.base()), SOURCE.base()))
                .isEqualTo(CloneJournal.Match.BEFORE);
        assertThat(CloneJournal.match(entry, Map.of(InfoFile.ACTIVE, SOURCE.base()), List.of(SOURCE.base()),
                SOURCE.base())).as("a snapshot deleted since").isEqualTo(CloneJournal.Match.STALE);
        assertThat(CloneJournal.match(entry, Map.of(OLDER, older, SNAPSHOT, overlay, newer, SOURCE.overlay(newer),
                InfoFile.ACTIVE, SOURCE.overlay(newer)), List.of(SOURCE.overlay(newer), overlay, older, SOURCE.base()),
                SOURCE.base())).as("a snapshot taken on top since").isEqualTo(CloneJournal.Match.STALE);
        assertThat(CloneJournal.match(entry, before, List.of(older), SOURCE.base()))
                .as("another chain").isEqualTo(CloneJournal.Match.STALE);
    }

    @Test
    void aJournalNamingAnotherVolumesFileThanItsSnapshotsIsStale() {
        CloneJournal.Entry foreign = new CloneJournal.Entry(SNAPSHOT, SOURCE.overlay(SNAPSHOT),
                "volume-" + UUID.randomUUID(), Map.of(), List.of(SOURCE.base()));
        CloneJournal.Entry path = new CloneJournal.Entry(SNAPSHOT, SOURCE.overlay(SNAPSHOT),
                "volume-" + TARGET_ID + "/../../etc", Map.of(), List.of(SOURCE.base()));

        assertThat(CloneJournal.match(foreign, Map.of(), List.of(SOURCE.base()), SOURCE.base()))
                .isEqualTo(CloneJournal.Match.STALE);
        assertThat(CloneJournal.match(path, Map.of(), List.of(SOURCE.base()), SOURCE.base()))
                .isEqualTo(CloneJournal.Match.STALE);
        assertThat(CloneJournal.match(new CloneJournal.Entry(SNAPSHOT, SOURCE.overlay(SNAPSHOT),
                "volume-" + TARGET_ID + ".vhdx", Map.of(), List.of(SOURCE.base())), Map.of(),
                List.of(SOURCE.base()), SOURCE.base())).as("the new volume's file with its extension")
                .isEqualTo(CloneJournal.Match.BEFORE);
    }
}
