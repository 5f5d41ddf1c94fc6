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
}
