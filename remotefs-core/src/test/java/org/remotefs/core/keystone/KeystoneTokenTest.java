package org.remotefs.core.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** When a token is replaced before use. */
class KeystoneTokenTest {
    private static final Instant ISSUED = Instant.parse("2026-11-30T11:00:00Z");

    private static KeystoneToken expiringAfter(long seconds) {
        return new KeystoneToken("t", ISSUED, ISSUED.plusSeconds(seconds), new ServiceCatalog(List.of()));
    }

    @Test
    void anHourLongTokenIsRenewedThirtySecondsBeforeItExpires() {
        KeystoneToken token = expiringAfter(3600);

        assertThat(token.dueForRenewal(ISSUED.plusSeconds(3569))).isFalse();
        assertThat(token.dueForRenewal(ISSUED.plusSeconds(3570))).isTrue();
        assertThat(token.dueForRenewal(ISSUED.plusSeconds(4000))).isTrue();
    }

    @Test
    void aShortLivedTokenIsRenewedInTheSecondHalfOfItsLife() {
        KeystoneToken token = expiringAfter(2);

        assertThat(token.dueForRenewal(ISSUED)).isFalse();
        assertThat(token.dueForRenewal(ISSUED.plusMillis(999))).isFalse();
        assertThat(token.dueForRenewal(ISSUED.plusMillis(1000))).isTrue();
    }
}
