package org.remotefs.core.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class NasSecurityTest {
    private final NasSecurity security = new NasSecurity();

    @TempDir
    Path share;

    @Test
    void explicitValuesPassThroughAndTouchNothing() throws IOException {
        assertThat(security.resolve("nas_secure_file_operations", "true", share, true)).isTrue();
        assertThat(security.resolve("nas_secure_file_operations", "false", share, true)).isFalse();
        try (var entries = Files.list(share)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void autoOnANewInstallCreatesTheIndicatorAsCinderDoes() throws IOException {
        assertThat(security.resolve("nas_secure_file_permissions", "auto", share, true)).isTrue();

        Path indicator = share.resolve(".cinderSecureEnvIndicator");
        assertThat(indicator).hasContent("Detector file for Cinder secure environment usage.\nDo not delete this file.");
        assertThat(Files.readString(indicator)).endsWith("file.\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(indicator))).isEqualTo("rw-r-----");
    }

    @Test
    void autoOnAnExistingInstallIsFalseWithoutTheIndicator() {
        assertThat(security.resolve("nas_secure_file_operations", "auto", share, false)).isFalse();
        assertThat(share.resolve(".cinderSecureEnvIndicator")).doesNotExist();
    }

    @Test
    void autoWithTheIndicatorIsTrueEvenOnAnExistingInstall() throws IOException {
        Files.writeString(share.resolve(".cinderSecureEnvIndicator"), "x");

        assertThat(security.resolve("nas_secure_file_operations", "auto", share, false)).isTrue();
    }
}
