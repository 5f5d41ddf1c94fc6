/**
 * The mount toolkit backends share, free of protocol specifics: a protocol builds its mount
 * command lines and hands them to {@link org.remotefs.core.mount.MountRunner} (attempts, rounds,
 * already-mounted and busy handling, stale mounts mounted again after a
 * {@link org.remotefs.core.mount.StaleMountCheck}, secrets masked by a {@link org.remotefs.core.mount.Redaction});
 * {@link org.remotefs.core.mount.Unmounter} unmounts; {@link org.remotefs.core.mount.RealPath}
 * resolves a mount point base as Python's {@code os.path.realpath};
 * {@link org.remotefs.core.mount.MountRootPermissions} and
 * {@link org.remotefs.core.mount.MountRootWriteCheck} make and check a mounted root writable, as
 * Cinder's GlusterFS driver does.
 */
package org.remotefs.core.mount;
