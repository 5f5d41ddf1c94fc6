/**
 * The qcow2 snapshot engine: chains read and checked before any write, offline and online snapshots, revert, copies and clones, extend, and the clean-up of what interrupted operations left. Internal.
 */
package org.remotefs.core.snapshot;
