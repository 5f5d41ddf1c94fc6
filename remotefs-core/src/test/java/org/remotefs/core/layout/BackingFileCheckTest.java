package org.remotefs.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

final class BackingFileCheckTest {
    private static final String VOLUME = "volume-0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final Path DIR = Path.of("/var/lib/cinder/mnt/2f4f60214cf43c595666dd815f0360a4");
    private final BackingFileCheck check = new BackingFileCheck();

    @ParameterizedTest
    @CsvSource({
            VOLUME + ", " + VOLUME,
            VOLUME + ".1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e, " + VOLUME + ".1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
            VOLUME + ".tmp-snap-1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e, " + VOLUME + ".tmp-snap-1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
            "/var/lib/cinder/mnt/2f4f60214cf43c595666dd815f0360a4/" + VOLUME + ", " + VOLUME,
            "VOLUME-0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D, VOLUME-0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D"})
    void acceptsTheVolumesOwnFilesAndGivesTheirBareName(String backing, String expected) {
        assertThat(check.check(Path.of("/x"), backing, VOLUME, DIR)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/etc/shadow",
            "../" + VOLUME,
            "../../etc/passwd",
            "volume-11111111-2222-4333-8444-555555555555",
            VOLUME + ".info",
            VOLUME + "x1",
            VOLUME + ".1234/../../etc/passwd",
            "json:{\"driver\":\"file\",\"filename\":\"/etc/shadow\"}",
            "nbd://127.0.0.1:10809/" + VOLUME,
            "file:" + VOLUME,
            "/var/lib/cinder/mnt/ab03ab34eaca46a5fb81878f7e9b91fc/" + VOLUME,
            "/var/lib/cinder/mnt/2f4f60214cf43c595666dd815f0360a4/../" + VOLUME,
            VOLUME + "\n",
            ""})
    void refusesEverythingElse(String backing) {
        assertThatThrownBy(() -> check.check(Path.of("/x"), backing, VOLUME, DIR))
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_BACKING_FILE);
                    assertThat(((RemoteFsException) e).details()).containsEntry("backing_file", backing);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/cinder/mnt/2f4f60214cf43c595666dd815f0360a4X" + VOLUME,
            "/var/lib/cinder/mntX2f4f60214cf43c595666dd815f0360a4/" + VOLUME})
    void theDirectoryIsQuotedNotARegex(String backing) {
        Path dotted = Path.of("/var/lib/cinder/mnt.2f4f60214cf43c595666dd815f0360a4");

        assertThatThrownBy(() -> check.check(Path.of("/x"), backing, VOLUME, dotted))
                .isInstanceOf(RemoteFsException.class);
    }

    private static final VolumeNames BY_FORMAT = new VolumeNames(VOLUME, ".qcow2");

    @ParameterizedTest
    @ValueSource(strings = {VOLUME + ".qcow2", VOLUME + ".1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e.qcow2",
            VOLUME + ".tmp-snap-1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e.qcow2"})
    void underSmbNamesAcceptsExactlyTheNamesTheRuleGives(String backing) {
        assertThat(check.check(Path.of("/x"), backing, BY_FORMAT, DIR)).isEqualTo(backing);
    }

    @ParameterizedTest
    @ValueSource(strings = {VOLUME, VOLUME + ".vhd", VOLUME + ".raw", VOLUME + ".qcow2.info",
            VOLUME + ".1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e", VOLUME + ".qcow2.qcow2",
            "volume-11111111-2222-4333-8444-555555555555.qcow2"})
    void underSmbNamesRefusesNamesOfAnotherExtensionOrNone(String backing) {
        assertThatThrownBy(() -> check.check(Path.of("/x"), backing, BY_FORMAT, DIR))
                .isInstanceOfSatisfying(RemoteFsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BACKING_FILE));
    }
}
