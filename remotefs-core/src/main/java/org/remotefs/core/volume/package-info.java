/**
 * Volume files: sparse, thick (zeros, or fallocate: {@link org.remotefs.core.volume.ThickAllocation}) and qcow2 creation under temporary names, permissions and secure NAS, the in-process image-header reader, the typed {@code qemu-img}. Internal.
 */
package org.remotefs.core.volume;
