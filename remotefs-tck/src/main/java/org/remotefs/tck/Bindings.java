package org.remotefs.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Finds the one {@link TckBinding}: the class named by the configuration parameter
 * {@code remotefs.tck.binding}, or else the only one {@link ServiceLoader} finds. None, several, or
 * one that cannot be made is a loud failure saying what was looked for and what was found.
 */
final class Bindings {
    static final String PARAMETER = "remotefs.tck.binding";

    private Bindings() {
    }

    static TckBinding find(ExtensionContext context) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String named = context.getConfigurationParameter(PARAMETER).orElse("").strip();
        if (!named.isEmpty()) {
            try {
                Class<?> type = Class.forName(named, true, loader);
                if (!TckBinding.class.isAssignableFrom(type)) {
                    throw new ExtensionConfigurationException(PARAMETER + " = " + named + " is not a "
                            + TckBinding.class.getName());
                }
                return ((TckBinding) type.getConstructor().newInstance()).configured(context::getConfigurationParameter);
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new ExtensionConfigurationException("the TCK binding " + named + " (" + PARAMETER
                        + ") cannot be made: " + e, e);
            }
        }
        List<TckBinding> found = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        var iterator = ServiceLoader.load(TckBinding.class, loader).iterator();
        for (int i = 0; i < 100; i++) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                found.add(iterator.next());
            } catch (ServiceConfigurationError e) {
                broken.add(e.getMessage());
            }
        }
        if (found.size() == 1 && broken.isEmpty()) {
            return found.get(0).configured(context::getConfigurationParameter);
        }
        String brokenText = broken.isEmpty() ? "" : "; bindings that failed to load: " + String.join("; ", broken);
        if (found.isEmpty()) {
            throw new ExtensionConfigurationException("no TCK binding found: list one in META-INF/services/"
                    + TckBinding.class.getName() + " or name it with the configuration parameter " + PARAMETER
                    + brokenText);
        }
        throw new ExtensionConfigurationException(found.size() + " TCK bindings found ("
                + found.stream().map(b -> b.getClass().getName() + " for " + b.backendId())
                .collect(Collectors.joining(", "))
                + "): name the one to run with the configuration parameter " + PARAMETER + brokenText);
    }
}
