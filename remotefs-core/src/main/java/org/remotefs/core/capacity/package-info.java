/**
 * Capacity: {@code statvfs} through NIO and the allocated bytes of a share (Cinder's {@code du}), walked and cached. Internal.
 */
package org.remotefs.core.capacity;
