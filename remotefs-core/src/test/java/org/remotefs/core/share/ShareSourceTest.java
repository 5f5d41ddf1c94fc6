package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.config.CoreOptions;
import org.remotefs.core.localfs.LocalFsProtocol;

final class ShareSourceTest {
    @TempDir
    Path dir;

    private static CoreOptions options(Path sharesFile, String nasHost, String nasSharePath) {
        return new CoreOptions("localfs", Optional.ofNullable(sharesFile), true, false, nasHost, nasSharePath, "-o ro",
                "auto", "auto", 0, 20.0, Optional.empty(), "", Duration.ofSeconds(5), Duration.ZERO, Optional.empty(), Optional.empty(),
                Duration.ofSeconds(600), Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    @Test
    void nasSharePathNamesTheOneLocalShare() {
        ParsedShares parsed = new ShareSource(options(null, "", "/srv/one"), new LocalFsProtocol()).load();

        assertThat(parsed.shares()).containsExactly(new Share("/srv/one", "-o ro", "nas_share_path"));
    }

    @Test
    void theSharesFileIsReadAnewOnEveryCall() throws IOException {
        Path file = dir.resolve("shares");
        Files.writeString(file, "/srv/a\n");
        ShareSource source = new ShareSource(options(file, "", ""), new LocalFsProtocol());
        assertThat(source.load().shares()).extracting(Share::address).containsExactly("/srv/a");

        Files.writeString(file, "/srv/a\n/srv/b\n");

        assertThat(source.load().shares()).extracting(Share::address).containsExactly("/srv/a", "/srv/b");
    }

    @Test
    void missingConfigurationIsAnErrorNamingTheOption() {
        assertThatThrownBy(() -> new ShareSource(options(null, "", ""), new LocalFsProtocol()).load())
                .isInstanceOf(RemoteFsException.class)
                .satisfies(e -> {
                    assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(((RemoteFsException) e).details()).containsEntry("option", "localfs_shares_config");
                });
    }

    @Test
    void aMissingOrUnreadableSharesFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope");

        for (Path file : java.util.List.of(missing, dir)) {
            assertThatThrownBy(() -> new ShareSource(options(file, "", ""), new LocalFsProtocol()).load())
                    .isInstanceOf(RemoteFsException.class)
                    .satisfies(e -> {
                        assertThat(((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                        assertThat(((RemoteFsException) e).details()).containsEntry("file", file.toString());
                    });
        }
    }

    @Test
    void cindersNasRuleJoinsHostAndPath() {
        ShareProtocol cinderRule = new ShareProtocol() {
            @Override
            public String driverVolumeType() {
                return "nfs";
            }

            @Override
            public java.util.regex.Pattern shareFormat() {
                return java.util.regex.Pattern.compile(".+:/.+");
            }

            @Override
            public String shareFormatHint() {
                return "address:/export";
            }

            @Override
            public Path mountPoint(Share share) {
                return MountPoints.under(dir, share.address());
            }

            @Override
            public Optional<Path> mountPointBase() {
                return Optional.of(dir);
            }

            @Override
            public boolean isMounted(Share share) {
                return false;
            }

            @Override
            public void mount(Share share) {
            }
        };
        assertThat(new ShareSource(options(null, "10.0.0.1", "/export"), cinderRule).load().shares())
                .containsExactly(new Share("10.0.0.1:/export", "-o ro", "nas_host and nas_share_path"));
        // an IPv6 address gets the brackets mount needs; one given with them keeps them
        assertThat(new ShareSource(options(null, "fd00::1", "/export"), cinderRule).load().shares())
                .containsExactly(new Share("[fd00::1]:/export", "-o ro", "nas_host and nas_share_path"));
        assertThat(new ShareSource(options(null, "[fd00::2]", "/export"), cinderRule).load().shares())
                .containsExactly(new Share("[fd00::2]:/export", "-o ro", "nas_host and nas_share_path"));
        assertThatThrownBy(() -> new ShareSource(options(null, "10.0.0.1", "export"), cinderRule).load())
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
    }

    @Test
    void localfsRefusesANasHost() {
        assertThatThrownBy(() -> new ShareSource(options(null, "host", "/srv"), new LocalFsProtocol()).load())
                .isInstanceOf(RemoteFsException.class)
                .extracting(e -> ((RemoteFsException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
    }
}
