package org.remotefs.cli.cinderconf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** oslo.config's {@code $} substitution. */
class OsloSubstitutionTest {
    private final OsloSubstitution substitution = new OsloSubstitution(new IniParser().parse("t.conf", """
            [DEFAULT]
            state_path = /srv/$name
            name = cinder
            [coordination]
            backend_url = file://$state_path
            """));

    @Test
    void referencesToDefaultAndToOtherSectionsAreSubstitutedInTurn() {
        assertThat(substitution.substitute("$state_path/mnt").value()).isEqualTo("/srv/cinder/mnt");
        assertThat(substitution.substitute("${state_path}x").value()).isEqualTo("/srv/cinderx");
        assertThat(substitution.substitute("$coordination.backend_url").value()).isEqualTo("file:///srv/cinder");
    }

    @Test
    void twoDollarsAreOneAndAnUnknownNameIsReportedAndKept() {
        OsloSubstitution.Substituted value = substitution.substitute("pa$$word $missing");

        assertThat(value.value()).isEqualTo("pa$word $missing");
        assertThat(value.unresolved()).containsExactly("missing");
    }

    @Test
    void statePathHasCindersDefaultWhenTheFileDoesNotSetIt() {
        OsloSubstitution bare = new OsloSubstitution(new IniParser().parse("t.conf", "[DEFAULT]\n"));

        assertThat(bare.substitute("$state_path/mnt").value()).isEqualTo("/var/lib/cinder/mnt");
    }

    @Test
    void aReferenceToItselfStopsAndIsReported() {
        OsloSubstitution loop = new OsloSubstitution(new IniParser().parse("t.conf", "[DEFAULT]\na = $a\n"));

        assertThat(loop.substitute("$a").unresolved()).containsExactly("a");
    }
}
