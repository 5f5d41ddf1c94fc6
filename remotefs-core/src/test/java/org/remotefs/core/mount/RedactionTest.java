package org.remotefs.core.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

final class RedactionTest {

    @Test
    void masksEverySecretInsideArguments() {
        Redaction redaction = Redaction.of("pw1", "other");

        assertThat(redaction.mask(List.of("mount", "-o", "username=u,password=pw1", "//h/s", "other")))
                .isEqualTo("mount -o username=u,password=*** //h/s ***");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        assertThat(Redaction.of("abc", "abcdef").mask("x=abcdef")).isEqualTo("x=***");
    }

    @Test
    void emptySecretsAreDroppedAndNullTextStaysNull() {
        Redaction redaction = Redaction.of("", "pw");

        assertThat(redaction.secrets()).containsExactly("pw");
        assertThat(redaction.mask("a pw b")).isEqualTo("a *** b");
        assertThat(redaction.mask((String) null)).isNull();
        assertThat(Redaction.none().mask("password=pw")).isEqualTo("password=pw");
    }

    @Test
    void itsOwnTextShowsNoSecret() {
        assertThat(Redaction.of("pw-value").toString()).doesNotContain("pw-value");
    }
}
