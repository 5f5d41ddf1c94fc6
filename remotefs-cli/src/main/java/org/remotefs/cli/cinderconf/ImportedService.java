package org.remotefs.cli.cinderconf;

import java.util.List;

/**
 * A host service carried over ({@code remotefs.image_service}, {@code remotefs.compute}).
 *
 * @param section    the remotefs section
 * @param type       its {@code type}
 * @param typeReason why that type, for the comment (what in the Cinder file asked for it)
 * @param options    its options, each with its Cinder origin
 */
public record ImportedService(String section, String type, String typeReason, List<ImportedOption> options) {
    public ImportedService {
        options = List.copyOf(options);
    }
}
