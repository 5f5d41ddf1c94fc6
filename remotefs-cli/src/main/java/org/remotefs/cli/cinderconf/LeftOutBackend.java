package org.remotefs.cli.cinderconf;

/**
 * A Cinder backend not carried over, and why (its driver is not one remotefs has: LVM, Ceph, ...).
 *
 * @param name   its name in {@code enabled_backends}
 * @param reason one sentence for the warning and the comment in the output
 */
public record LeftOutBackend(String name, String reason) {
}
