package org.remotefs.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnclosedBracketsTest {

    @Test
    void theOutermostBracketLeftOpenIsNamedWithItsLine() {
        String text = "remotefs.backends {\n  a { driver = localfs\n  }\n";

        assertThat(UnclosedBrackets.find(text)).contains(new UnclosedBrackets('{', 1));
    }

    @Test
    void bracketsInStringsAndCommentsDoNotCount() {
        String text = "a = \"{ [\"\n# {\n// [\nb = \"\"\"{\n\"\"\"\nc { d = [1, 2] }\n";

        assertThat(UnclosedBrackets.find(text)).isEmpty();
    }

    @Test
    void anOpenListIsAMissingClosingSquareBracket() {
        UnclosedBrackets found = UnclosedBrackets.find("x = 1\ny = [1,\n2\n").orElseThrow();

        assertThat(found.line()).isEqualTo(2);
        assertThat(found.closing()).isEqualTo(']');
    }
}
