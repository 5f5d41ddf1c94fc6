package org.remotefs.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.remotefs.core.lock.HostIdentity;

final class MemberIdTest {

    @Test
    void remotefsMemberIdsSayHostAndProcess() {
        MemberId id = MemberId.of(new HostIdentity(4242, "node-7.example"));

        assertThat(id.value()).isEqualTo("remotefs:node-7.example:4242");
        assertThat(id.host()).contains("node-7.example");
        assertThat(id.pid()).contains(4242L);
        assertThat(new String(id.bytes(), StandardCharsets.US_ASCII)).isEqualTo(id.value());
    }

    @Test
    void pythonCindersMemberIdsSayNeither() {
        MemberId cinder = MemberId.fromData("cinder-2f1e0c8a-5b7d-4c3e-9a1f-0d2c4b6e8a0f".getBytes(StandardCharsets.US_ASCII));

        assertThat(cinder.host()).isEmpty();
        assertThat(cinder.pid()).isEmpty();
        assertThat(MemberId.fromData(null).value()).isEmpty();
    }

    @Test
    void aMemberIdIsAscii() {
        assertThatThrownBy(() -> new MemberId("remotefs:hôte:1")).isInstanceOf(IllegalArgumentException.class);
    }
}
