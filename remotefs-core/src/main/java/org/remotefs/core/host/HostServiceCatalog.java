package org.remotefs.core.host;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.remotefs.api.ErrorCode;
import org.remotefs.api.RemoteFsException;
import org.remotefs.api.spi.HostServiceProvider;

/**
 * The {@link HostServiceProvider}s on a class path, found with {@link ServiceLoader}. Choosing a
 * type nobody provides, or one two providers claim, is an error that names the option and what
 * was found, as the driver registry reports drivers.
 */
public final class HostServiceCatalog {
    private static final int MAX_LOAD_ATTEMPTS = 1000;

    private final List<HostServiceProvider<?>> providers;
    private final List<String> failures;

    HostServiceCatalog(List<HostServiceProvider<?>> providers, List<String> failures) {
        this.providers = List.copyOf(providers);
        this.failures = List.copyOf(failures);
    }

    /** Discovers the providers visible to the class loader. */
    @SuppressWarnings("rawtypes")
    public static HostServiceCatalog discover(ClassLoader classLoader) {
        List<HostServiceProvider<?>> found = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<HostServiceProvider> iterator = ServiceLoader.load(HostServiceProvider.class, classLoader).iterator();
        for (int attempt = 0; attempt < MAX_LOAD_ATTEMPTS; attempt++) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures.add(e.getMessage());
            }
        }
        return new HostServiceCatalog(found, failures);
    }

    /** The provider of this service and type; {@code option} says where the type was chosen. */
    @SuppressWarnings("unchecked")
    public <S> HostServiceProvider<S> provider(Class<S> service, String type, String option) {
        List<HostServiceProvider<?>> matching = providers.stream()
                .filter(p -> p.service().equals(service) && p.type().equals(type)).toList();
        if (matching.size() > 1) {
            throw new RemoteFsException(ErrorCode.DUPLICATE_DRIVER,
                    service.getSimpleName() + " type '" + type + "' is provided twice: " + matching.stream()
                            .map(p -> p.getClass().getName()).collect(Collectors.joining(" and "))
                            + "; remove one of the jars from the class path",
                    Map.of("service", service.getSimpleName(), "type", type));
        }
        if (matching.isEmpty()) {
            String types = providers.stream().filter(p -> p.service().equals(service)).map(HostServiceProvider::type)
                    .collect(Collectors.toCollection(TreeSet::new)).toString();
            String failed = failures.isEmpty() ? "" : "; providers that failed to load: " + String.join("; ", failures);
            throw new RemoteFsException(ErrorCode.INVALID_CONFIGURATION_VALUE,
                    option + ": no " + service.getSimpleName() + " of type '" + type + "' on the class path (found: "
                            + types + ")" + failed, Map.of("option", option, "type", type));
        }
        return (HostServiceProvider<S>) matching.get(0);
    }
}
