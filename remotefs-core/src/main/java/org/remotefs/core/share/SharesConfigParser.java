package org.remotefs.core.share;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.core.config.ConfigProblem;

/**
 * Reads a shares file exactly as Cinder's {@code _load_shares_config} does, so that one file
 * yields the same shares, options and mount points in both:
 * <ul>
 * <li>blank and white-space-only lines are skipped; a line whose first character is {@code #} is
 * a comment (an indented {@code #} is not);</li>
 * <li>white space is Python's ({@code str.isspace()}, what its {@code strip()} removes): Java's
 * and also U+0085, U+00A0, U+2007 and U+202F; and the share regex's {@code .} matches every
 * character but a line feed, as Python's does (Java's stops at U+0085, U+2028 and U+2029 too) —
 * else a share line with such a character would be another share, or none, than in Cinder;</li>
 * <li>a line is split at its first single space only (a tab separates nothing); the address is
 * the first part stripped, with every literal {@code \040} turned into a space; the options are
 * the rest stripped, or none when there is no space;</li>
 * <li>an address that does not match the protocol's format at its start is skipped;</li>
 * <li>an address given twice keeps its first position and takes the last options.</li>
 * </ul>
 * Where Cinder skips a line without a word or reads it in a way its author hardly meant
 * (indented, tab-separated, repeated), this parser does the same and reports a
 * {@link ConfigProblem} naming the file and line: Cinder logs at most the bad address.
 */
public final class SharesConfigParser {
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

    private final Pattern shareFormat;
    private final String formatHint;

    /**
     * @param shareFormat the protocol's share regex (Cinder's {@code SHARE_FORMAT_REGEX}), matched at the start
     * @param formatHint  the form to name in messages, for instance {@code address:/export}
     */
    public SharesConfigParser(Pattern shareFormat, String formatHint) {
        this.shareFormat = pythonRegex(shareFormat);
        this.formatHint = formatHint;
    }

    /** Parses the file's text; {@code file} names it in problems and origins. */
    public ParsedShares parse(String file, String text) {
        Map<String, Share> shares = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        String[] lines = LINE_BREAK.split(text, -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int number = index + 1;
            if (pythonStrip(line).isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.indexOf(' ');
            String address = pythonStrip(space < 0 ? line : line.substring(0, space)).replace("\\040", " ");
            String options = space < 0 ? null : pythonStrip(line.substring(space + 1));
            if (!shareFormat.matcher(address).lookingAt()) {
                problems.add(new ConfigProblem(ErrorCode.INVALID_CONFIGURATION_VALUE, file, number,
                        skippedReason(line, address) + "; the line is skipped"));
                continue;
            }
            if (address.indexOf('\t') >= 0) {
                problems.add(new ConfigProblem(ErrorCode.INVALID_CONFIGURATION_VALUE, file, number,
                        "share address '" + printable(address) + "' contains a tab: Cinder splits a share line"
                                + " at its first space only, so the tab and what follows are part of the address;"
                                + " separate the options with a space"));
            }
            Integer first = firstLine.putIfAbsent(address, number);
            if (first != null) {
                problems.add(new ConfigProblem(ErrorCode.INVALID_CONFIGURATION_VALUE, file, number,
                        "share '" + printable(address) + "' was already given at line " + first
                                + "; as in Cinder it keeps that position and takes this line's options"));
            }
            String origin = file + ":" + firstLine.get(address);
            shares.put(address, new Share(address, options, origin));
        }
        return new ParsedShares(new ArrayList<>(shares.values()), problems);
    }

    /** The share regex as Python's {@code re.match} reads it: {@code .} matches all but a line feed. */
    static Pattern pythonRegex(Pattern regex) {
        return Pattern.compile(regex.pattern(), regex.flags() | Pattern.UNIX_LINES);
    }

    /** Python's {@code str.strip()}: removes what {@code str.isspace()} calls white space at both ends. */
    static String pythonStrip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isPythonSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private static boolean isPythonSpace(char c) {
        // Java leaves out the no-break spaces and NEL, which Python counts as white space
        return Character.isWhitespace(c) || c == '\u0085' || c == '\u00a0' || c == '\u2007' || c == '\u202f';
    }

    private String skippedReason(String line, String address) {
        if (address.isEmpty() && line.startsWith(" ")) {
            return pythonStrip(line).startsWith("#")
                    ? "indented comment: only a # in the first column starts a comment, and Cinder reads this"
                    + " line as a share with an empty address"
                    : "indented share line: Cinder splits at the first space, so the address is empty";
        }
        return "share '" + printable(address) + "' is not of the form " + formatHint;
    }

    private static String printable(String text) {
        return text.replace("\t", "\\t");
    }
}
