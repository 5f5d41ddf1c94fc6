package org.remotefs.smb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.core.share.Share;

/**
 * A share line's options as mount options for {@code mount -t cifs}: Cinder's Linux SMB driver's
 * {@code parse_options} and {@code parse_credentials}, with its bugs fixed.
 *
 * <p>As in Cinder the options are split at white space ({@code -o} words are dropped), each word at
 * commas, each option at its first {@code =}; {@code user} (else {@code username}) names the user,
 * a {@code DOMAIN\} prefix is stripped from it, and {@code username=guest} stands in when none is
 * given. Named options keep their order, the user name comes last among them, then the flags.
 *
 * <p>Where Cinder is broken (reference section 6: "SMB passwords containing =, , or spaces cannot
 * be expressed"), here:
 * <ul>
 * <li>an option is split at its <em>first</em> {@code =} only: {@code password=a=b} is {@code a=b}
 * (Cinder keeps {@code a});</li>
 * <li>a value may be quoted, {@code "..."} (with {@code \"} and {@code \\}) or {@code '...'}, to hold
 * commas and spaces: {@code password="p,a ss"};</li>
 * <li>the stripped domain is kept as {@code domain=} (Cinder drops it) unless the line names one;</li>
 * <li>the password ({@code password} or {@code pass}) is never put on the command line: it goes, with
 * the user name and domain, into a credentials file ({@code credentials=<file>}, see
 * {@link CredentialsFile}); so do a user name or domain holding a comma;</li>
 * <li>a line that names its own {@code credentials=} file gets no {@code username=guest}, which
 * would override the file's user.</li>
 * </ul>
 * Errors name the share and the option, never a value of a credential.
 */
final class SmbShareOptions {
    private static final List<String> USER_KEYS = List.of("user", "username");
    private static final List<String> PASSWORD_KEYS = List.of("password", "pass");
    private static final List<String> DOMAIN_KEYS = List.of("domain", "dom", "workgroup");
    private static final Pattern PASSWORD_START = Pattern.compile("(?i)\\bpass(?:word)?=");

    private SmbShareOptions() {
    }

    /** One option of the line: a flag ({@code value} null) or {@code name=value}, with its value's span in the text. */
    record Option(String name, String value, int valueStart, int valueEnd) {
    }

    /** The user, password and domain of a mount; the password may be null. */
    record Credentials(String username, String password, String domain) {
        /** Never shows the password. */
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", domain=" + domain + ", password="
                    + (password == null ? "none" : "***") + "]";
        }
    }

    /**
     * The rewritten options.
     *
     * @param named       {@code name=value} options other than the credentials, in order
     * @param flags       options without a value, in order
     * @param credentials the user, password and domain
     * @param inFile      whether the credentials go through a credentials file
     */
    record CifsOptions(List<String> named, List<String> flags, Optional<Credentials> credentials, boolean inFile) {

        /** The secrets to mask wherever a command line or an error is shown. */
        List<String> secrets() {
            return credentials.map(Credentials::password).map(List::of).orElse(List.of());
        }

        /** The value of {@code -o}: named options, the credentials (or {@code credentials=<file>}), the flags. */
        String optionValue(String credentialsFile) {
            List<String> all = new ArrayList<>(named);
            credentials.ifPresent(c -> {
                if (inFile) {
                    all.add("credentials=" + credentialsFile);
                } else {
                    if (c.domain() != null) {
                        all.add("domain=" + c.domain());
                    }
                    all.add("username=" + c.username());
                }
            });
            all.addAll(flags);
            return String.join(",", all);
        }
    }

    /**
     * The share's options rewritten for {@code mount -t cifs}; empty when the line has none
     * (Cinder passes no options then, not even {@code username=guest}).
     *
     * @throws RemoteFsException {@code INVALID_CONFIGURATION_VALUE} naming the share and the option
     *                           (an unterminated quote, a value that cannot be passed)
     */
    static Optional<CifsOptions> rewrite(Share share) {
        if (share.options() == null) {
            return Optional.empty();
        }
        Map<String, String> named = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (Option option : parse(share)) {
            if (option.value() == null) {
                if (!option.name().equals("-o")) {
                    flags.add(option.name());
                }
            } else {
                // a dict, as Cinder's: a repeated option keeps its first place and takes the last value
                named.put(option.name(), option.value());
            }
        }
        String user = take(named, USER_KEYS);
        String password = take(named, PASSWORD_KEYS);
        String domain = null;
        if (user != null && user.indexOf('\\') >= 0) {
            domain = user.substring(0, user.lastIndexOf('\\'));
            user = user.substring(user.lastIndexOf('\\') + 1);
            if (DOMAIN_KEYS.stream().anyMatch(named::containsKey) || domain.isEmpty()) {
                domain = null;
            }
        }
        String explicitDomain = null;
        for (String key : DOMAIN_KEYS) {
            if (named.containsKey(key) && named.get(key).indexOf(',') >= 0) {
                explicitDomain = key;
            }
        }
        for (Map.Entry<String, String> option : named.entrySet()) {
            if (option.getValue().indexOf(',') >= 0 && !option.getKey().equals(explicitDomain)) {
                throw invalid(share, option.getKey(), "its value holds a comma, which mount -o cannot pass");
            }
        }
        Optional<Credentials> credentials;
        if (user == null && password == null && named.containsKey("credentials")) {
            // the operator's own credentials file names the user
            if (explicitDomain != null) {
                throw invalid(share, explicitDomain, "its value holds a comma, which mount -o cannot pass");
            }
            credentials = Optional.empty();
        } else {
            if (explicitDomain != null) {
                domain = named.remove(explicitDomain);
            }
            credentials = Optional.of(new Credentials(user == null ? "guest" : user, password, domain));
        }
        boolean inFile = credentials.map(c -> c.password() != null || c.username().indexOf(',') >= 0
                || (c.domain() != null && c.domain().indexOf(',') >= 0)).orElse(false);
        if (credentials.isPresent()) {
            Credentials c = credentials.get();
            if (hasLineBreak(c.username()) || hasLineBreak(c.domain())) {
                throw invalid(share, "username", "the user name or domain holds a line break");
            }
            if (hasLineBreak(c.password())) {
                throw invalid(share, "password", "the password holds a line break, which a credentials file cannot hold");
            }
        }
        List<String> namedList = new ArrayList<>();
        named.forEach((key, value) -> namedList.add(key + "=" + value));
        return Optional.of(new CifsOptions(namedList, flags, credentials, inFile));
    }

    /** The share's options as they may be shown: every password value replaced by {@code ***}. */
    static String displayed(Share share) {
        String text = share.options();
        if (text == null) {
            return null;
        }
        try {
            StringBuilder shown = new StringBuilder(text);
            List<Option> options = parse(share);
            for (int i = options.size() - 1; i >= 0; i--) {
                Option option = options.get(i);
                if (option.value() != null && PASSWORD_KEYS.contains(option.name().toLowerCase(Locale.ROOT))) {
                    shown.replace(option.valueStart(), option.valueEnd(), "***");
                }
            }
            return shown.toString();
        } catch (RemoteFsException e) {
            // unreadable (an unterminated quote): nothing after the first password is shown
            Matcher start = PASSWORD_START.matcher(text);
            return start.find() ? text.substring(0, start.end()) + "***" : text;
        }
    }

    /**
     * The options of the line, in order.
     *
     * @throws RemoteFsException {@code INVALID_CONFIGURATION_VALUE} for an unterminated quote
     */
    static List<Option> parse(Share share) {
        String text = share.options();
        List<Option> options = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            // one word: options separated by commas, up to white space outside quotes
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                int nameStart = i;
                while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                String name = text.substring(nameStart, i);
                if (i < n && text.charAt(i) == '=') {
                    i++;
                    int valueStart = i;
                    StringBuilder value = new StringBuilder();
                    while (i < n && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                        char c = text.charAt(i);
                        if (c == '"' || c == '\'') {
                            i = quoted(text, i, value, share, name);
                        } else {
                            value.append(c);
                            i++;
                        }
                    }
                    options.add(new Option(name, value.toString(), valueStart, i));
                } else if (!name.isEmpty()) {
                    options.add(new Option(name, null, i, i));
                }
                if (i < n && text.charAt(i) == ',') {
                    i++;
                }
            }
        }
        return options;
    }

    /** Reads a quoted part starting at {@code start} into {@code value}; returns the index after its closing quote. */
    private static int quoted(String text, int start, StringBuilder value, Share share, String name) {
        char quote = text.charAt(start);
        int i = start + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == quote) {
                return i + 1;
            }
            if (quote == '"' && c == '\\' && i + 1 < text.length()
                    && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                value.append(text.charAt(i + 1));
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        throw invalid(share, name, "its value opens a quote (" + quote + ") that is never closed");
    }

    /**
     * Removes the options named by any of {@code keys}, case aside (a {@code Password=} must not
     * reach the command line either); returns the value of the first key found, in {@code keys}' order.
     */
    private static String take(Map<String, String> named, List<String> keys) {
        String found = null;
        for (String key : keys) {
            for (String name : List.copyOf(named.keySet())) {
                if (name.toLowerCase(Locale.ROOT).equals(key)) {
                    String value = named.remove(name);
                    if (found == null) {
                        found = value;
                    }
                }
            }
        }
        return found;
    }

    private static boolean hasLineBreak(String value) {
        return value != null && (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0);
    }

    private static RemoteFsException invalid(Share share, String option, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                "SMB share " + share.address() + " (" + share.origin() + "): option " + option + " cannot be used: " + why,
                Map.of("share", share.address(), "option", option, "origin", share.origin()));
    }
}
