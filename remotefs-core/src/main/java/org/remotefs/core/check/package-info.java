/**
 * {@code remotefs check}: what a volume's info file, its chain and its files on the share say
 * about each other ({@link org.remotefs.core.check.VolumeInspector}), what can provably be put
 * right ({@link org.remotefs.core.check.VolumeRepairs}) and where files that may hold data go
 * instead of being deleted ({@link org.remotefs.core.check.Quarantine}).
 */
package org.remotefs.core.check;
