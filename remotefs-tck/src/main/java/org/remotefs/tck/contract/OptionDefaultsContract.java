package org.remotefs.tck.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.api.spi.VolumeDriverProvider;
import org.remotefs.core.config.RemoteFsConfiguration;
import org.remotefs.core.config.SettingsReader;
import org.remotefs.tck.RemoteFsContract;
import org.remotefs.tck.Tck;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

/**
 * The options a provider declares and the defaults its jar ships are one list: every declared
 * option has a default in {@code remotefs.defaults.<id>} of the backend's {@code reference.conf}
 * ({@code null} only for an option declared nullable, Cinder's {@code None}), every key there is a
 * declared option, and every default is a value its option accepts. Core reads a backend's
 * settings over exactly these defaults: an option without one fails every backend that leaves it
 * unset (the TCK binding's own configuration may hide that), a key nobody declares is a setting
 * the driver never reads, and an operator copying the defaults is misled by both.
 *
 * <p>The defaults are read as core reads them: the {@code reference.conf} files the provider's
 * class loader sees, resolved ({@code ${remotefs.core-defaults}} included).
 */
@RemoteFsContract
class OptionDefaultsContract {

    /** The provider as the binding names it, else the one {@link ServiceLoader} finds under the backend's id. */
    private static VolumeDriverProvider provider(Tck tck) {
        Optional<VolumeDriverProvider> named = tck.backend().provider();
        if (named.isPresent()) {
            return named.get();
        }
        String id = tck.binding().backendId();
        Optional<VolumeDriverProvider> found = ServiceLoader.load(VolumeDriverProvider.class,
                        Thread.currentThread().getContextClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals(id)).findFirst();
        Assumptions.assumeTrue(found.isPresent(), "the binding names no provider, and none has the id " + id);
        return found.get();
    }

    private static String path(VolumeDriverProvider provider) {
        return RemoteFsConfiguration.DEFAULTS + "." + ConfigUtil.joinPath(provider.id());
    }

    /** The backend's defaults block; a provider whose jar ships none fails here, naming the path. */
    private static Config defaults(Tck tck, VolumeDriverProvider provider) {
        Config reference = ConfigFactory.defaultReference(provider.getClass().getClassLoader());
        String path = path(provider);
        assertThat(reference.hasPathOrNull(path))
                .as("backend [%s]: no reference.conf on %s's class path has %s, the defaults of its options",
                        tck.binding().backendId(), provider.getClass().getName(), path)
                .isTrue();
        ConfigValue block = reference.getValue(path);
        assertThat(block.valueType()).as("backend [%s]: %s (%s) is no object of defaults",
                tck.binding().backendId(), path, block.origin().description()).isEqualTo(ConfigValueType.OBJECT);
        return reference.getConfig(path);
    }

    @Test
    void everyDeclaredOptionHasADefaultInReferenceConf(Tck tck) {
        VolumeDriverProvider provider = provider(tck);
        Config defaults = defaults(tck, provider);

        Set<String> missing = new TreeSet<>();
        Set<String> nullButRequired = new TreeSet<>();
        for (OptionDescriptor option : provider.options()) {
            ConfigValue value = defaults.root().get(option.key());
            if (value == null) {
                missing.add(option.key());
            } else if (value.valueType() == ConfigValueType.NULL && !option.nullable()) {
                nullButRequired.add(option.key());
            }
        }

        assertThat(missing).as("backend [%s]: options %s declares (%s.options()) that have no default in %s"
                        + " (reference.conf lacks them)", tck.binding().backendId(), provider.id(),
                provider.getClass().getName(), path(provider)).isEmpty();
        assertThat(nullButRequired).as("backend [%s]: options of %s whose default in %s is null, which only an"
                        + " option declared nullable may have", tck.binding().backendId(), provider.id(),
                path(provider)).isEmpty();
    }

    @Test
    void everyKeyOfTheDefaultsIsADeclaredOption(Tck tck) {
        VolumeDriverProvider provider = provider(tck);
        Config defaults = defaults(tck, provider);
        Set<String> declared = new TreeSet<>(provider.options().stream().map(OptionDescriptor::key).toList());

        // key -> where it is set, so that the operator or vendor finds the line
        Map<String, String> undeclared = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : defaults.root().entrySet()) {
            if (!declared.contains(entry.getKey()) && !SettingsReader.RESERVED_KEYS.contains(entry.getKey())) {
                undeclared.put(entry.getKey(), entry.getValue().origin().description());
            }
        }

        assertThat(undeclared).as("backend [%s]: keys of %s in reference.conf that %s does not declare"
                        + " (its options() lacks them)", tck.binding().backendId(), path(provider),
                provider.getClass().getName()).isEmpty();
    }

    @Test
    void everyDefaultIsAValueItsOptionAccepts(Tck tck) {
        VolumeDriverProvider provider = provider(tck);
        Config defaults = defaults(tck, provider);
        // only the declared keys that have a default: the two tests above report the others
        Set<String> present = defaults.root().keySet();
        List<OptionDescriptor> documented = provider.options().stream()
                .filter(option -> present.contains(option.key()))
                .filter(option -> option.nullable() || defaults.root().get(option.key()).valueType() != ConfigValueType.NULL)
                .toList();

        // the block of those keys only, or the reader would warn of the others as unread settings
        com.typesafe.config.ConfigObject block = defaults.root();
        for (String key : present) {
            if (documented.stream().noneMatch(option -> option.key().equals(key))) {
                block = block.withoutKey(key);
            }
        }
        try {
            new SettingsReader().read("defaults of " + provider.id(), block.toConfig(), documented);
        } catch (RemoteFsException e) {
            throw new AssertionError("backend [" + tck.binding().backendId() + "]: a default in " + path(provider)
                    + " is no value its option accepts (" + e.code() + "): " + e.getMessage(), e);
        }
    }
}
