package org.remotefs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceSettings;
import org.remotefs.api.spi.StopSignal;

final class ZooKeeperUrlTest {
    private static final HostServiceSettings SETTINGS = new HostServiceSettings("remotefs.coordination",
            Map.of(), Map.of("backend_url", "remotefs.conf: 3"), StopSignal.never());

    private static ZooKeeperUrl parse(String url) {
        return ZooKeeperUrl.parse(url, SETTINGS);
    }

    @Test
    void toozDefaultsTimeoutTenSecondsAndNamespaceTooz() {
        ZooKeeperUrl url = parse("zookeeper://zk1:2181");

        assertThat(url.connectString()).isEqualTo("zk1:2181");
        assertThat(url.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(url.namespace()).isEqualTo("tooz");
        assertThat(url.lockPath("cinder-nfs-1")).isEqualTo("/tooz/locks/cinder-nfs-1");
        assertThat(url.user()).isEmpty();
        assertThat(url.shown()).isEqualTo("zookeeper://zk1:2181");
    }

    @Test
    void severalHostsFromTheUrlAndTheHostsOptionAreJoinedAsToozJoinsThem() {
        ZooKeeperUrl url = parse("zookeeper://zk1:2181,zk2:2181?hosts=zk3:2182&hosts=[::1]:2183");

        assertThat(url.connectString()).isEqualTo("zk1:2181,zk2:2181,zk3:2182,[::1]:2183");
    }

    @Test
    void noHostMeansLocalhost() {
        assertThat(parse("zookeeper://").connectString()).isEqualTo("localhost:2181");
        assertThat(parse("zookeeper:///?timeout=3").connectString()).isEqualTo("localhost:2181");
    }

    @Test
    void timeoutAndNamespaceAreHonouredTheLastOfARepeatedOptionWins() {
        ZooKeeperUrl url = parse("zookeeper://zk1?timeout=2.5&namespace=first&namespace=cinder/region1&randomize_hosts=false");

        assertThat(url.sessionTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(url.locksRoot()).isEqualTo("/cinder/region1/locks");
    }

    @Test
    void credentialsAreDigestAuthAndMaskedWhereverTheUrlIsShown() {
        ZooKeeperUrl url = parse("zookeeper://cinder:s%40cret@zk1:2181?timeout=5");

        assertThat(url.user()).contains("cinder");
        assertThat(url.password()).isEqualTo(Optional.of("s@cret"));
        assertThat(url.shown()).isEqualTo("zookeeper://cinder:***@zk1:2181?timeout=5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zookeeper://zk1?timout=5", "zookeeper://zk1?timeout=soon", "zookeeper://zk1?timeout=0",
            "zookeeper://zk1?namespace=/abs", "zookeeper://zk1:port", "zookeeper://zk 1", "zookeeper://user@zk1",
            "zk://zk1:2181"})
    void badUrlsAreInvalidConfigurationNamingTheOption(String given) {
        assertThatThrownBy(() -> parse(given)).isInstanceOfSatisfying(RemoteFsException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
            assertThat(e.details()).containsEntry("option", "remotefs.coordination.backend_url");
        });
    }

    @Test
    void aBadUrlsPasswordIsMaskedInTheError() {
        assertThatThrownBy(() -> parse("zookeeper://cinder:hunter2@zk1?timout=1"))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
