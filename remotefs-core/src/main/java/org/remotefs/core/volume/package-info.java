/**
 * Volume files: sparse, thick (zeros, or fallocate: {@link org.remotefs.core.volume.ThickAllocation}) and qcow2 creation under temporary names, permissions and secure NAS, the in-process image-header reader, the typed {@code qemu-img}; what replaces a {@code qemu-img} run where its result is proven the same: qcow2 overlays written in-process, raw and qcow2 images grown in place. Internal.
 */
package org.remotefs.core.volume;
