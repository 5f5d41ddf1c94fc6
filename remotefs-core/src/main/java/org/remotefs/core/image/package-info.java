/**
 * Image copies (Cinder's {@code copy_image_to_volume}, {@code copy_volume_to_image}, {@code clone_image}), their private conversion directories, and the local and Glance image services. Internal.
 */
package org.remotefs.core.image;
