package org.remotefs.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.remotefs.api.spi.OptionDescriptor;
import org.remotefs.core.localfs.LocalFsDriverProvider;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** The provider's declared options and its reference.conf defaults are one list: neither drifts. */
final class ReferenceConfTest {

    @Test
    void localfsDeclaresExactlyTheOptionsItsReferenceConfDocuments() {
        Config defaults = ConfigFactory.defaultReference().getConfig(RemoteFsConfiguration.DEFAULTS + ".localfs");
        Set<String> documented = defaults.root().keySet();
        Set<String> declared = new LocalFsDriverProvider().options().stream().map(OptionDescriptor::key)
                .collect(Collectors.toSet());

        assertThat(declared).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void secretOptionsAreMarked() {
        assertThat(new LocalFsDriverProvider().options()).filteredOn(OptionDescriptor::secret)
                .extracting(OptionDescriptor::key).containsExactly("nas_password");
    }
}
