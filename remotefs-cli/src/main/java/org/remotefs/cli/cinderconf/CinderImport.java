package org.remotefs.cli.cinderconf;

import java.util.List;
import java.util.Optional;

/**
 * What a {@code cinder.conf} carries over to remotefs.
 *
 * @param source       the Cinder file
 * @param backends     the backends carried over, in {@code enabled_backends} order
 * @param leftOut      the backends left out, with the reason
 * @param warnings     what was not carried (unknown options, unresolved references), each naming section and key
 * @param coordination {@code [coordination] backend_url}, when the file sets it
 * @param services     the Glance and Nova clients' settings, when the file has them
 */
public record CinderImport(String source, List<ImportedBackend> backends, List<LeftOutBackend> leftOut,
                           List<String> warnings, Optional<ImportedOption> coordination,
                           List<ImportedService> services) {
    public CinderImport {
        backends = List.copyOf(backends);
        services = List.copyOf(services);
        leftOut = List.copyOf(leftOut);
        warnings = List.copyOf(warnings);
    }
}
