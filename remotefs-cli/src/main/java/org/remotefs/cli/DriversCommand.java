package org.remotefs.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.registry.ProviderCandidate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code remotefs drivers}: the providers on the class path, with (in JSON) each option and its
 * default, read from the provider's {@code reference.conf} ({@code remotefs.defaults.<id>}).
 */
@Command(name = "drivers", description = "List the driver providers on the class path: id, version, capabilities.")
final class DriversCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DriversCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        RemoteFsCommand root = RemoteFsCommand.root(spec);
        var registry = root.session().registry();
        registry.failures().forEach(f -> LOG.warn("a driver provider failed to load: {}: {}", f.description(), f.reason()));
        Config reference = ConfigFactory.defaultReference(root.session().classLoader());
        List<Map<String, Object>> rows = registry.candidates().stream().map(c -> row(c, reference)).toList();
        root.output().rows(rows, List.of("id", "version", "spi_version", "capabilities", "location"));
    }

    private static Map<String, Object> row(ProviderCandidate candidate, Config reference) {
        VolumeDriverProvider provider = candidate.provider();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", provider.id());
        row.put("version", provider.version());
        row.put("spi_version", provider.spiVersion());
        row.put("spi_compatible", candidate.spiCompatible());
        row.put("capabilities", provider.capabilities().stream().sorted().map(Views::capability).toList());
        row.put("options", provider.options().stream().map(o -> {
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("key", o.key());
            option.put("type", o.type().name().toLowerCase(Locale.ROOT));
            option.put("secret", o.secret());
            option.put("description", o.description());
            option.put("default", defaultOf(reference, provider.id(), o));
            return option;
        }).toList());
        row.put("class", candidate.className());
        row.put("location", candidate.location());
        return row;
    }

    /**
     * An option's default in {@code remotefs.defaults.<id>}: null when it is null there or the
     * provider ships none; a secret's non-empty default masked.
     */
    private static Object defaultOf(Config reference, String driverId, OptionDescriptor option) {
        String path = ConfigUtil.joinPath("remotefs", "defaults", driverId, option.key());
        if (!reference.hasPath(path)) {
            return null;
        }
        Object value = reference.getValue(path).unwrapped();
        if (option.secret() && value instanceof String text && !text.isEmpty()) {
            return "***";
        }
        return value;
    }
}
