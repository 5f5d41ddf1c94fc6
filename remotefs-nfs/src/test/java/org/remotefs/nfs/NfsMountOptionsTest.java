package org.remotefs.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** os-brick's version attempts. */
final class NfsMountOptionsTest {

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void withoutOptionsTries42Then41ThenPlain() {
        assertThat(NfsMountOptions.attempts(null)).containsExactlyEntriesOf(ordered(
                "nfs_4.2", "vers=4,minorversion=2", "nfs_4.1", "vers=4,minorversion=1", "nfs", null));
    }

    @Test
    void configuredOptionsAreKeptAndTheVersionAppended() {
        assertThat(NfsMountOptions.attempts("rw, soft,minorversion=0")).containsExactlyEntriesOf(ordered(
                "nfs_4.2", "rw,soft,vers=4,minorversion=2",
                "nfs_4.1", "rw,soft,vers=4,minorversion=1",
                "nfs", "rw, soft,minorversion=0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vers=3", "nfsvers=4.1,rw", "rw,v4", "v3"})
    void optionsThatChooseAVersionAreTheOnlyAttempt(String options) {
        assertThat(NfsMountOptions.attempts(options)).containsExactlyEntriesOf(ordered("nfs", options));
    }
}
