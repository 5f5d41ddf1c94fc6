package org.remotefs.cli.cinderconf;

import java.util.List;

/**
 * A Cinder backend carried over.
 *
 * @param name         the backend's name: its Cinder section name, as {@code enabled_backends} gives it
 * @param driverId     the remotefs driver id
 * @param volumeDriver Cinder's {@code volume_driver} class
 * @param driverOrigin where {@code volume_driver} was set ({@code [nfs] line 40}), or Cinder's default
 * @param options      the options carried, in file order
 */
public record ImportedBackend(String name, String driverId, String volumeDriver, String driverOrigin,
                              List<ImportedOption> options) {
    public ImportedBackend {
        options = List.copyOf(options);
    }
}
