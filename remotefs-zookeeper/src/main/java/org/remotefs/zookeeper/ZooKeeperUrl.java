package org.remotefs.zookeeper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceSettings;

/**
 * A coordination URL as tooz's ZooKeeper driver reads it, so that the {@code [coordination]
 * backend_url} of a cinder.conf carries over as it is:
 * {@code zookeeper://[USER:PASSWORD@][HOST[:PORT][,HOST[:PORT]...]][?OPTION=VALUE[&...]]}.
 *
 * <ul>
 *   <li>hosts: the URL's host part and every {@code hosts} option, joined with commas; none means
 *       {@code localhost:2181} (tooz's {@code _make_client});</li>
 *   <li>{@code timeout}: the session time-out in seconds, default 10 (kazoo's default, which tooz
 *       keeps); also how long the client waits to connect (tooz's {@code start(timeout=...)});</li>
 *   <li>{@code namespace}: the root of tooz's tree, default {@code tooz}: locks are
 *       {@code /<namespace>/locks/<name>} ({@code KazooDriver.get_lock});</li>
 *   <li>a user and password: ZooKeeper's digest authentication, and nodes made with the digest ACL
 *       that gives that user everything (tooz's {@code make_digest_acl(..., all=True)});</li>
 *   <li>{@code connection_retry}, {@code command_retry}, {@code randomize_hosts}, {@code handler}:
 *       kazoo's client settings, accepted and not needed here (ZooKeeper's Java client always
 *       shuffles its hosts; retries follow the lock time-out).</li>
 * </ul>
 * A repeated option takes its last value, as tooz's {@code collapse} does. Any other option is
 * refused, so that a misspelt one ({@code timout}) is not silently ignored.
 *
 * @param connectString the hosts for ZooKeeper's client, {@code host:port,host:port}
 * @param sessionTimeout the session time-out
 * @param namespace      tooz's namespace
 * @param user           the digest user, when the URL names one
 * @param password       its password
 * @param shown          the URL as messages show it: the password masked
 */
public record ZooKeeperUrl(String connectString, Duration sessionTimeout, String namespace, Optional<String> user,
                           Optional<String> password, String shown) {
    public static final String SCHEME = "zookeeper";
    static final String DEFAULT_HOSTS = "localhost:2181";
    static final String DEFAULT_NAMESPACE = "tooz";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> KAZOO_OPTIONS = Set.of("connection_retry", "command_retry", "randomize_hosts",
            "handler");
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(:\\d{1,5})?");
    private static final Pattern NAMESPACE = Pattern.compile("[^/\\s]+(/[^/\\s]+)*");

    /** The parent of every lock node: {@code /<namespace>/locks}. */
    public String locksRoot() {
        return "/" + namespace + "/locks";
    }

    /** The node of a lock: {@code /<namespace>/locks/<name>}, as tooz's {@code get_lock} joins it. */
    public String lockPath(String name) {
        return locksRoot() + "/" + name;
    }

    /** Reads {@code backend_url} of the settings; errors name the option and where it was set. */
    public static ZooKeeperUrl parse(String url, HostServiceSettings settings) {
        String prefix = SCHEME + "://";
        if (!url.startsWith(prefix)) {
            throw invalid(url, settings, "a ZooKeeper URL starts with " + prefix);
        }
        String rest = url.substring(prefix.length());
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int query = rest.indexOf('?');
        String queryText = query >= 0 ? rest.substring(query + 1) : "";
        String beforeQuery = query >= 0 ? rest.substring(0, query) : rest;
        int slash = beforeQuery.indexOf('/');
        // tooz reads no path: locks live under the namespace
        int netlocEnd = slash >= 0 ? slash : beforeQuery.length();
        String netloc = beforeQuery.substring(0, netlocEnd);

        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String shownNetloc = netloc;
        int at = netloc.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = netloc.substring(0, at);
            netloc = netloc.substring(at + 1);
            int colon = userInfo.indexOf(':');
            if (colon <= 0 || colon == userInfo.length() - 1) {
                throw invalid(url, settings, "credentials are USER:PASSWORD@ (tooz uses them only when both are given)");
            }
            user = Optional.of(decode(userInfo.substring(0, colon)));
            password = Optional.of(decode(userInfo.substring(colon + 1)));
            shownNetloc = userInfo.substring(0, colon) + ":***@" + netloc;
        }
        Map<String, List<String>> options = options(queryText, url, settings);
        List<String> hosts = new ArrayList<>();
        if (!netloc.isEmpty()) {
            hosts.add(netloc);
        }
        hosts.addAll(options.getOrDefault("hosts", List.of()));
        String connectString = hosts.isEmpty() ? DEFAULT_HOSTS : String.join(",", hosts);
        for (String host : connectString.split(",", -1)) {
            if (!HOST.matcher(host).matches()) {
                throw invalid(url, settings, "'" + host + "' is not HOST or HOST:PORT");
            }
        }
        Duration timeout = timeout(last(options, "timeout"), url, settings);
        String namespace = last(options, "namespace").orElse(DEFAULT_NAMESPACE);
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw invalid(url, settings, "namespace '" + namespace + "' is not a ZooKeeper path below the root");
        }
        String shown = prefix + shownNetloc + rest.substring(netlocEnd);
        return new ZooKeeperUrl(connectString, timeout, namespace, user, password, shown);
    }

    private static Map<String, List<String>> options(String query, String url, HostServiceSettings settings) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (String pair : query.split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals >= 0 ? pair.substring(0, equals) : pair);
            String value = equals >= 0 ? decode(pair.substring(equals + 1)) : "";
            if (!key.equals("hosts") && !key.equals("timeout") && !key.equals("namespace")
                    && !KAZOO_OPTIONS.contains(key)) {
                throw invalid(url, settings, "unknown option '" + key + "' (tooz's ZooKeeper driver reads hosts, "
                        + "timeout, namespace, connection_retry, command_retry, randomize_hosts, handler)");
            }
            // Python's parse_qs drops options without a value
            if (!value.isEmpty()) {
                options.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return options;
    }

    private static Optional<String> last(Map<String, List<String>> options, String key) {
        List<String> values = options.getOrDefault(key, List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private static Duration timeout(Optional<String> text, String url, HostServiceSettings settings) {
        if (text.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text.get());
        } catch (NumberFormatException e) {
            throw invalid(url, settings, "timeout '" + text.get() + "' is not a number of seconds");
        }
        if (!(seconds > 0) || seconds > 3600) {
            throw invalid(url, settings, "timeout " + text.get() + " is not between 0 and 3600 seconds");
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static RemoteFsException invalid(String url, HostServiceSettings settings, String why) {
        return new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                settings.describe("backend_url") + " = '" + masked(url) + "' is invalid: " + why,
                Map.of("option", settings.section() + ".backend_url"));
    }

    /** The URL with any password replaced by {@code ***}, for messages about a URL that did not parse. */
    static String masked(String url) {
        return url.replaceFirst("^(zookeeper://[^:/@?#]*:)[^@/?#]*@", "$1***@");
    }
}
