package org.remotefs.core.layout;

import java.nio.file.Path;
import java.util.List;

/**
 * A volume's names in one directory, from one listing.
 *
 * @param files       its files — base, info file, overlays — sorted, temporary ones left out
 * @param temporaries its temporary files ({@code .tmp-} names), which only an operation holding its lock writes
 */
public record VolumeFileNames(List<String> files, List<Path> temporaries) {

    public VolumeFileNames {
        files = List.copyOf(files);
        temporaries = List.copyOf(temporaries);
    }
}
