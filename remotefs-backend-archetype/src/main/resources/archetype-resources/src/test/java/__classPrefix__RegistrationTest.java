package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.remotefs.core.registry.DriverRegistry;

/**
 * remotefs finds the provider as a host does, through its service file: the TCK binding makes the
 * provider itself, so a wrong or missing
 * {@code META-INF/services/org.remotefs.api.spi.VolumeDriverProvider} would pass the TCK and leave
 * {@code driver = ${backendId}} unknown.
 */
final class ${classPrefix}RegistrationTest {

    @Test
    void theRegistryFindsTheProviderByItsId() {
        try (DriverRegistry registry = DriverRegistry.discover(getClass().getClassLoader())) {
            assertThat(registry.failures()).isEmpty();
            assertThat(registry.provider(${classPrefix}DriverProvider.ID)).isInstanceOf(${classPrefix}DriverProvider.class);
        }
    }
}
