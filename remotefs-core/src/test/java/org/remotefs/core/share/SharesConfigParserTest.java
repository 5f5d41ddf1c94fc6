package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.remotefs.api.ErrorCode;
import org.remotefs.core.config.ConfigProblem;

final class SharesConfigParserTest {
    private static final String FILE = "/etc/cinder/nfs_shares";
    private final SharesConfigParser nfs = new SharesConfigParser(Pattern.compile(".+:/.+"), "address:/export");

    @Test
    void readsAddressesAndOptionsAtTheFirstSpace() {
        ParsedShares parsed = nfs.parse(FILE, "host1:/export\nhost2:/export -o vers=4.1,rw --other\n");

        assertThat(parsed.shares()).containsExactly(
                new Share("host1:/export", null, FILE + ":1"),
                new Share("host2:/export", "-o vers=4.1,rw --other", FILE + ":2"));
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void skipsBlankLinesAndCommentsInTheFirstColumn() {
        ParsedShares parsed = nfs.parse(FILE, "\n   \n# a comment\n#host0:/x\nhost1:/export\n");

        assertThat(parsed.shares()).extracting(Share::address).containsExactly("host1:/export");
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void decodesOctalSpacesInTheAddressOnly() {
        ParsedShares parsed = nfs.parse(FILE, "host:/my\\040export -o opt\\040x");

        assertThat(parsed.shares()).singleElement()
                .isEqualTo(new Share("host:/my export", "-o opt\\040x", FILE + ":1"));
    }

    @Test
    void anEmptyRestAfterTheSpaceIsAnEmptyOptionsStringNotNone() {
        assertThat(nfs.parse(FILE, "host:/export   ").shares()).singleElement()
                .extracting(Share::options).isEqualTo("");
    }

    @Test
    void indentedLinesAreSkippedAsCinderSkipsThemButReported() {
        ParsedShares parsed = nfs.parse(FILE, "host1:/a\n  host2:/b\n  # note\n");

        assertThat(parsed.shares()).extracting(Share::address).containsExactly("host1:/a");
        assertThat(parsed.problems()).extracting(ConfigProblem::line).containsExactly(2, 3);
        assertThat(parsed.problems()).allSatisfy(p -> {
            assertThat(p.file()).isEqualTo(FILE);
            assertThat(p.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
        });
    }

    @Test
    void aTabIsNoSeparatorAndIsReported() {
        ParsedShares parsed = nfs.parse(FILE, "host:/export\t-o\tvers=3\n");

        // Cinder's result, kept so that both compute the same mount point ...
        assertThat(parsed.shares()).singleElement()
                .isEqualTo(new Share("host:/export\t-o\tvers=3", null, FILE + ":1"));
        // ... and the operator is told.
        assertThat(parsed.problems()).singleElement().extracting(ConfigProblem::line).isEqualTo(1);
    }

    @Test
    void aTabBeforeTheFirstSpaceIsReportedToo() {
        ParsedShares parsed = nfs.parse(FILE, "host:/export\t-o vers=3\n");

        assertThat(parsed.shares()).singleElement().extracting(Share::address).isEqualTo("host:/export\t-o");
        assertThat(parsed.problems()).hasSize(1);
    }

    @Test
    void aTabIndentIsStrippedAsPythonStripsIt() {
        assertThat(nfs.parse(FILE, "\thost:/export\n").shares()).singleElement()
                .extracting(Share::address).isEqualTo("host:/export");
    }

    @Test
    void aRepeatedShareKeepsItsFirstPlaceAndTakesTheLastOptions() {
        ParsedShares parsed = nfs.parse(FILE, "a:/1 -o first\nb:/2\na:/1 -o last\n");

        assertThat(parsed.shares()).containsExactly(
                new Share("a:/1", "-o last", FILE + ":1"),
                new Share("b:/2", null, FILE + ":2"));
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("line 1");
        });
    }

    @Test
    void invalidAddressesAreSkippedWithTheirLine() {
        ParsedShares parsed = nfs.parse(FILE, "host:/ok\nnot-a-share\nhost:novolume\n");

        assertThat(parsed.shares()).extracting(Share::address).containsExactly("host:/ok");
        assertThat(parsed.problems()).extracting(ConfigProblem::line).containsExactly(2, 3);
        assertThat(parsed.problems().get(0).toString()).startsWith(FILE + ":2: ").contains("not-a-share");
    }

    @Test
    void theFormatIsMatchedAtTheStartOnlyAsPythonsReMatch() {
        ParsedShares smb = new SharesConfigParser(Pattern.compile("//.+/.+"), "//address/share")
                .parse(FILE, "//host/share/extra\n\\\\host\\share\n");

        assertThat(smb.shares()).extracting(Share::address).containsExactly("//host/share/extra");
    }

    @Test
    void windowsAndOldMacLineEndsAreLineEnds() {
        assertThat(nfs.parse(FILE, "a:/1\r\nb:/2\rc:/3").shares()).extracting(Share::address)
                .containsExactly("a:/1", "b:/2", "c:/3");
    }

    // found by SharesConfigParserFuzzTest: Python's strip() removes U+00A0, U+2007, U+202F and U+0085,
    // Java's does not, so the share (whose MD5 names its mount point) was another, or none
    @Test
    void whiteSpaceIsPythonsWhiteSpace() {
        ParsedShares parsed = nfs.parse(FILE, "\u2007h:/a\nh:/b\u00a0 -o x\u202f\n\u00a0\n\u0085h:/c\u0085");

        assertThat(parsed.shares()).containsExactly(new Share("h:/a", null, FILE + ":1"),
                new Share("h:/b", "-o x", FILE + ":2"), new Share("h:/c", null, FILE + ":4"));
        assertThat(parsed.problems()).isEmpty();
    }

    // found by SharesConfigParserFuzzTest: Java's . stops at U+0085, U+2028 and U+2029, Python's only at \n
    @Test
    void theFormatsDotMatchesWhatPythonsDotMatches() {
        ParsedShares parsed = nfs.parse(FILE, "h\u2028x:/e\nh:/\u2029x\nh:/\u0085x");

        assertThat(parsed.shares()).extracting(Share::address).containsExactly("h\u2028x:/e", "h:/\u2029x", "h:/\u0085x");
    }
}
