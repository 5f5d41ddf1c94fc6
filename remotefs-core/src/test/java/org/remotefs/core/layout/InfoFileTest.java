package org.remotefs.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.json.Json;

final class InfoFileTest {
    private final InfoFile infoFile = new InfoFile(Json.mapper());

    @TempDir
    Path dir;

    @Test
    void readsCindersFormat() throws IOException {
        Path info = dir.resolve("volume-a.info");
        Files.writeString(info, "{\n \"active\": \"volume-a.s1\",\n \"s1\": \"volume-a.s1\"\n}");

        assertThat(infoFile.read(info)).contains(Map.of("active", "volume-a.s1", "s1", "volume-a.s1"));
        assertThat(InfoFile.pathOf(dir.resolve("volume-a"))).isEqualTo(info);
    }

    @Test
    void aMissingFileIsEmpty() {
        assertThat(infoFile.read(dir.resolve("volume-b.info"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{\"active\": ", "[\"active\"]", "{\"active\": 3}", "null"})
    void aCorruptFileIsAnErrorNamingItNeverEmpty(String text) throws IOException {
        Path info = dir.resolve("volume-c.info");
        Files.writeString(info, text);

        assertThatThrownBy(() -> infoFile.read(info))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_VOLUME);
                    assertThat(((RemoteFsException) e).details()).containsEntry("file", info.toString());
                });
    }

    // found by InfoFileFuzzTest: Jackson's readTree stopped after the first value, json.load refuses "Extra data"
    @ParameterizedTest
    @ValueSource(strings = {"{\"active\": \"volume-c\"}{}", "{\"active\": \"volume-c\"} x", "{\"active\": \"volume-c\"}]"})
    void trailingDataMakesTheFileCorruptAsForJsonLoad(String text) throws IOException {
        Path info = dir.resolve("volume-c.info");
        Files.writeString(info, text);

        assertThatThrownBy(() -> infoFile.read(info)).isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_VOLUME);
    }

    // found by InfoFileFuzzTest: JSON in UTF-16 was read (Jackson detects it), json.load of a UTF-8 text refuses it
    @Test
    void aFileThatIsNotUtf8IsCorrupt() throws IOException {
        Path info = dir.resolve("volume-c.info");
        Files.write(info, "{\"active\": \"volume-c\"}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE));

        assertThatThrownBy(() -> infoFile.read(info)).isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_VOLUME);
    }

    // found by InfoFileFuzzTest: what json.load reads is read — a lone surrogate escape in a key (the
    // byte-level parser refused it, though this class writes such a key), NaN in a value a later
    // duplicate key replaces (the last value wins, as in a Python dict)
    @Test
    void readsWhatJsonLoadReads() throws IOException {
        Path info = dir.resolve("volume-c.info");
        Files.writeString(info, "{\"active\": [NaN], \"active\": \"volume-c\", \"\\udc00\": \"volume-c.x\"}");

        assertThat(infoFile.read(info)).contains(Map.of("active", "volume-c", "\udc00", "volume-c.x"));
        infoFile.write(info, Map.of("active", "volume-c", "\udc00", "volume-c.x"), path -> { });
        assertThat(infoFile.read(info)).contains(Map.of("active", "volume-c", "\udc00", "volume-c.x"));
    }

    // found by InfoFileFuzzTest: keys were sorted by UTF-16 unit, Python's sort_keys sorts by code point
    @Test
    void keysAreSortedByCodePointAsPythonSortsThem() {
        assertThat(InfoFile.render(Map.of("active", "volume-c", "\ud83d\ude00", "b", "\uffff", "a")))
                .isEqualTo("{\n \"active\": \"volume-c\",\n \"\\uffff\": \"a\",\n \"\\ud83d\\ude00\": \"b\"\n}");
    }
}
