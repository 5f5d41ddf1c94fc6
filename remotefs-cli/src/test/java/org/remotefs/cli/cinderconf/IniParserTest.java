package org.remotefs.cli.cinderconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;

/** oslo.config's INI rules, each as {@code oslo_config/iniparser.py} applies it. */
class IniParserTest {
    private final IniParser parser = new IniParser();

    @Test
    void theFirstSeparatorCountsAndOnePairOfQuotesIsRemoved() {
        IniDocument document = parser.parse("t.conf", """
                [s]
                url = http://host:80/x
                a: b = c
                q = "quoted value"
                half = "only one side
                lone = '
                """);

        assertThat(document.entry("s", "url").orElseThrow().value()).isEqualTo("http://host:80/x");
        assertThat(document.entry("s", "a").orElseThrow().value()).isEqualTo("b = c");
        assertThat(document.entry("s", "q").orElseThrow().value()).isEqualTo("quoted value");
        assertThat(document.entry("s", "half").orElseThrow().value()).isEqualTo("\"only one side");
        assertThat(document.entry("s", "lone").orElseThrow().value()).isEmpty();
    }

    @Test
    void anIndentedLineContinuesTheValueUntilABlankLineOrAComment() {
        IniDocument document = parser.parse("t.conf", "[s]\nk = one\n  two\n\tthree\n# c\n  \nn = 1 # not a comment\n");

        IniEntry entry = document.entry("s", "k").orElseThrow();
        assertThat(entry.value()).isEqualTo("one\ntwo\nthree");
        assertThat(entry.line()).isEqualTo(2);
        assertThat(document.entry("s", "n").orElseThrow().value()).isEqualTo("1 # not a comment");
    }

    @Test
    void aKeyGivenAgainKeepsEveryValueAndASectionGivenAgainIsOneSectionWithoutCase() {
        IniDocument document = parser.parse("t.conf", "[DEFAULT]\nk = 1\n[Nfs]\nx = a\n[DEFAULT]\nk = 2\n[nfs]\ny = b\n");

        assertThat(document.entry("DEFAULT", "k").orElseThrow().values()).containsExactly("1", "2");
        assertThat(document.entry("DEFAULT", "k").orElseThrow().line()).isEqualTo(6);
        assertThat(document.section("NFS")).containsOnlyKeys("x", "y");
        assertThat(document.hasSection("default")).as("DEFAULT keeps its case").isFalse();
    }

    @Test
    void whatOsloConfigRefusesIsAConfigurationErrorNamingTheLine() {
        assertThatThrownBy(() -> parser.parse("t.conf", "k = v\n")).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.details()).containsEntry("line", "1"));
        assertThatThrownBy(() -> parser.parse("t.conf", "[s]\n  v\n")).isInstanceOfSatisfying(RemoteFsException.class,
                e -> assertThat(e.details()).containsEntry("line", "2"));
        assertThatThrownBy(() -> parser.parse("t.conf", "[s]\nno separator\n"))
                .isInstanceOfSatisfying(RemoteFsException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(e.details()).containsEntry("file", "t.conf").containsEntry("line", "2");
                });
        assertThatThrownBy(() -> parser.parse("t.conf", "[]\n")).isInstanceOf(RemoteFsException.class);
        assertThatThrownBy(() -> parser.parse("t.conf", "[s]\n = v\n")).isInstanceOf(RemoteFsException.class);
    }
}
