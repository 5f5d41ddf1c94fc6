package org.remotefs.core.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.config.CoreOptions;
import org.remotefs.core.localfs.LocalFsProtocol;
import org.remotefs.testing.Fuzz;
import org.remotefs.testing.FuzzInputs;

/**
 * Random shares files: share lines of every protocol's form, options, comments (in the first
 * column and indented), blank lines, tabs, {@code \040}, repeated addresses, Unicode white space
 * and line separators, huge lines, random text and random bytes. The parser must read each exactly
 * as Cinder's {@code _load_shares_config} does (a model of its loop is the oracle) and never throw;
 * a shares file read from disk fails only with a configuration error naming the option.
 */
final class SharesConfigParserFuzzTest {
    private static final String FILE = "/etc/cinder/shares";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long BUDGET = 256L << 20;

    /** Python's str.isspace(): what Cinder's strip() removes and its blank-line test ignores. */
    private static final String PYTHON_SPACE = "\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680"
            + "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

    private record Format(String regex, String hint, List<String> addresses) {
    }

    private static final List<Format> FORMATS = List.of(
            new Format(".+:/.+", "address:/export", List.of("host:/export", "10.0.0.1:/vol", "[fd00::1]:/e",
                    "h:/a\\040b", "h\u2028x:/e", "h:/\u0085", "\u00a0h:/e", "h:/e\u00a0", "h:/e\u202f")),
            new Format("//.+/.+", "//address/share", List.of("//host/share", "//10.0.0.1/s", "//h/s\\040t",
                    "//h/\u2029", "\u2007//h/s")),
            new Format("/.+", "/directory", List.of("/srv/a", "/srv/b\\040c", "/\u0085", "\u3000/srv/x")));

    private record Input(Format format, String text) {
    }

    @TempDir
    Path dir;

    @Test
    void everyTextIsReadAsCinderReadsIt() {
        new Fuzz<>("shares-file parser", 3000, DEADLINE, BUDGET, SharesConfigParserFuzzTest::sharesText,
                input -> input.format().regex() + " | " + escaped(input.text()))
                .run(input -> {
                    Format format = input.format();
                    ParsedShares parsed = new SharesConfigParser(Pattern.compile(format.regex()), format.hint())
                            .parse(FILE, input.text());
                    int lines = input.text().split("\r\n|\r|\n", -1).length;
                    Map<String, String> expected = cinder(Pattern.compile(format.regex()), input.text());

                    assertThat(parsed.shares()).extracting(Share::address).containsExactlyElementsOf(expected.keySet());
                    for (Share share : parsed.shares()) {
                        assertThat(share.options()).as(share.address()).isEqualTo(expected.get(share.address()));
                        assertThat(share.origin()).startsWith(FILE + ":");
                        assertThat(Integer.parseInt(share.origin().substring(FILE.length() + 1))).isBetween(1, lines);
                    }
                    assertThat(parsed.problems()).allSatisfy(problem -> {
                        assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                        assertThat(problem.file()).isEqualTo(FILE);
                        assertThat(problem.line()).isBetween(1, lines);
                    });
                    return parsed.shares().isEmpty() ? "no share" : "shares";
                });
    }

    @Test
    void aSharesFileOfRandomBytesIsReadOrRefusedNamingTheOption() {
        Path file = dir.resolve("shares");
        CoreOptions options = options(file);
        ShareSource source = new ShareSource(options, new LocalFsProtocol());
        new Fuzz<>("shares file from disk", 1000, DEADLINE, BUDGET, random -> random.nextBoolean()
                ? FuzzInputs.bytes(random, 2000)
                : sharesText(random).text().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                bytes -> java.util.HexFormat.of().formatHex(bytes))
                .run(bytes -> {
                    Files.write(file, bytes);
                    Throwable thrown = catchThrowable(source::load);
                    if (thrown == null) {
                        return "read";
                    }
                    assertThat(thrown).isInstanceOf(RemoteFsException.class);
                    RemoteFsException error = (RemoteFsException) thrown;
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION_VALUE);
                    assertThat(error.details()).containsEntry("option", options.sharesConfigKey());
                    return error.code().name();
                });
    }

    /** Cinder's {@code _load_shares_config} loop over {@code readlines()}, with Python's strip and re.match. */
    static Map<String, String> cinder(Pattern format, String text) {
        Pattern pythonRegex = Pattern.compile(format.pattern(), Pattern.UNIX_LINES);
        Map<String, String> shares = new LinkedHashMap<>();
        for (String share : text.split("(?<=\r\n)|(?<=\r)(?!\n)|(?<=\n)")) {
            if (pythonStrip(share).isEmpty() || share.startsWith("#")) {
                continue;
            }
            int space = share.indexOf(' ');
            String address = pythonStrip(space < 0 ? share : share.substring(0, space)).replace("\\040", " ");
            String options = space < 0 ? null : pythonStrip(share.substring(space + 1));
            if (!pythonRegex.matcher(address).lookingAt()) {
                continue;
            }
            // a dict: a repeated address keeps its position and takes the last options
            shares.put(address, options);
        }
        return shares;
    }

    private static String pythonStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && PYTHON_SPACE.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && PYTHON_SPACE.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    private static Input sharesText(Random random) {
        Format format = FuzzInputs.pick(random, FORMATS);
        StringBuilder text = new StringBuilder();
        int lines = random.nextInt(12);
        for (int i = 0; i < lines; i++) {
            text.append(line(random, format));
            text.append(FuzzInputs.pick(random, List.of("\n", "\n", "\r\n", "\r", "\u2028", "\u0085")));
        }
        if (random.nextBoolean()) {
            text.append(line(random, format));
        }
        return new Input(format, text.toString());
    }

    private static String line(Random random, Format format) {
        String address = FuzzInputs.pick(random, format.addresses());
        String space = FuzzInputs.pick(random, List.of(" ", "  ", "\t", "\u00a0", "\u3000", " \t"));
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> FuzzInputs.pick(random, List.of(" ", "\t", "\u00a0", "\u2007 ", "\u000b"));
            case 2 -> "#" + FuzzInputs.text(random, 20);
            case 3 -> space + "#" + address;
            case 4 -> space + address;
            case 5 -> address + space + "-o " + FuzzInputs.text(random, 20);
            case 6 -> address + FuzzInputs.text(random, 8);
            case 7 -> FuzzInputs.text(random, 40);
            case 8 -> address + space + FuzzInputs.text(random, 10) + space;
            case 9 -> random.nextInt(20) == 0 ? address + "x".repeat(50_000 + random.nextInt(150_000))
                    : address;
            case 10 -> FuzzInputs.text(random, 6) + address;
            default -> address + " " + FuzzInputs.pick(random, List.of("", "-o vers=4.1", "\u00a0", "\\040"));
        };
    }

    private static CoreOptions options(Path sharesFile) {
        return new CoreOptions("localfs", Optional.of(sharesFile), true, false, "", "", null, "auto", "auto", 0, 20.0,
                Optional.empty(), "", Duration.ofSeconds(60), Duration.ZERO, Optional.empty(), Optional.empty(),
                Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1));
    }

    /** The text with non-ASCII escaped and long runs of one character shortened, for a failure report. */
    static String escaped(String text) {
        StringBuilder shown = new StringBuilder();
        int[] chars = text.codePoints().toArray();
        for (int i = 0; i < chars.length; ) {
            int run = 1;
            while (i + run < chars.length && chars[i + run] == chars[i]) {
                run++;
            }
            int c = chars[i];
            String one = c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u{%x}", c);
            shown.append(run > 8 ? one + "{x" + run + "}" : one.repeat(run));
            i += run;
        }
        return shown.toString();
    }

    @Test
    void theModelIsCindersLoop() {
        // the oracle itself, on a case whose answer is known from Cinder's code
        Map<String, String> shares = cinder(Pattern.compile(".+:/.+"),
                "# c\n  h:/indented\nh:/a -o x\r\nh:/b\rh:/a  -o y \nbad\n");

        assertThat(shares.keySet()).containsExactly("h:/a", "h:/b");
        assertThat(shares.get("h:/a")).isEqualTo("-o y");
        assertThat(shares.get("h:/b")).isNull();
    }
}
