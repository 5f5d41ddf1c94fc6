package org.remotefs.cli.cinderconf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The password in a tooz URL ({@code zookeeper://USER:PASSWORD@host:2181}), which is a secret like
 * any secret option.
 */
final class CoordinationUrl {
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):([^@/]*)@");

    private CoordinationUrl() {
    }

    static boolean hasPassword(String url) {
        Matcher matcher = USER_INFO.matcher(url);
        return matcher.find() && !matcher.group(2).isEmpty();
    }

    /** The URL with its password replaced by the placeholder. */
    static String masked(String url, String placeholder) {
        return USER_INFO.matcher(url).replaceFirst("$1:" + Matcher.quoteReplacement(placeholder) + "@");
    }
}
