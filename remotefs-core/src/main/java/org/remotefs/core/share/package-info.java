/**
 * Shares: the shares file read as Cinder reads it, mount points named as Cinder names them, share selection by capacity (Cinder's NFS rule), by most available space (Cinder's GlusterFS rule) or pool, pools, remounts. A backend implements {@link org.remotefs.core.share.ShareProtocol} (most simply as a {@link org.remotefs.core.share.HashedMountProtocol}).
 */
package org.remotefs.core.share;
