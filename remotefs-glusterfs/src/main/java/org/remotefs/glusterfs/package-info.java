/**
 * The GlusterFS backend, driver id {@code glusterfs}: Cinder's GlusterFS driver (removed from Cinder
 * in Ocata) on core's engine. The protocol part — the {@code host:/volume} share format, the
 * {@code mount -t glusterfs} command line, the mount root's group and write test, the connection
 * data's {@code driver_volume_type} — is here; volume files, snapshots, capacity and share choice
 * are core's.
 */
package org.remotefs.glusterfs;
