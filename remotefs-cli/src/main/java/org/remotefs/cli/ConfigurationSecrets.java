package org.remotefs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.mount.Redaction;

import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;

/**
 * The secret values of a configuration — every option a driver declares secret, and any key
 * named like a password, secret or token (Keystone's, the image service's) — as a
 * {@link Redaction}, for output that carries text the suite or a backend wrote (a report).
 */
final class ConfigurationSecrets {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token).*");

    private ConfigurationSecrets() {
    }

    static Redaction of(Session session) {
        Set<String> secretKeys = session.registry().candidates().stream()
                .flatMap(c -> c.provider().options().stream())
                .filter(OptionDescriptor::secret).map(OptionDescriptor::key).collect(Collectors.toSet());
        List<String> values = new ArrayList<>();
        session.configuration().root().entrySet().forEach(entry -> {
            List<String> path = ConfigUtil.splitPath(entry.getKey());
            String key = path.get(path.size() - 1);
            if ((secretKeys.contains(key) || SECRET_NAME.matcher(key).matches())
                    && entry.getValue().valueType() == ConfigValueType.STRING) {
                values.add((String) entry.getValue().unwrapped());
            }
        });
        return new Redaction(values);
    }
}
