package org.remotefs.cli;

/**
 * A command that only looks. Run on the embedded default backend in a directory without
 * {@code ./remotefs-data}, it finds nothing there and makes nothing: a {@code volume list} typed in
 * the wrong directory must not leave a data directory behind.
 */
interface ReadOnlyCommand {
}
