package org.remotefs.cli;

import org.remotefs.core.host.HostServiceCatalog;
import org.remotefs.core.host.HostServices;
import org.remotefs.core.host.StopFlag;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;

/**
 * The {@code --coordination URL} of {@code remotefs locks} and {@code remotefs bench}: host services
 * whose {@code remotefs.coordination.backend_url} is the given URL, over the rest of the
 * configuration, made by the same providers as the configured ones and closed by the caller.
 */
final class Coordination {
    private Coordination() {
    }

    /** Host services with {@code backend_url} set to {@code url}; a bad URL is reported as "--coordination". */
    static HostServices forUrl(String url, Session session, StopFlag stop) {
        Config chosen = ConfigFactory.parseString(HostServices.COORDINATION + ".backend_url = " + ConfigUtil.quoteString(url),
                ConfigParseOptions.defaults().setOriginDescription("--coordination"));
        return new HostServices(chosen.withFallback(session.configuration().root()),
                HostServiceCatalog.discover(Coordination.class.getClassLoader()), stop);
    }

    /** The figure a lock service's cost is reported under: {@code lock_<scheme>} ({@code lock_zookeeper}). */
    static String figureName(String url) {
        int colon = url.indexOf(':');
        String scheme = url.isBlank() ? "file" : colon <= 0 ? url.strip() : url.substring(0, colon);
        return "lock_" + scheme.replaceAll("[^A-Za-z0-9]", "_");
    }
}
