/**
 * Configuration: HOCON loading with file:line origins, the check of a backend's settings against the options its driver declares, and the options every core-based driver reads ({@link org.remotefs.core.config.CoreOptions}), its layout chosen as {@link org.remotefs.core.config.LayoutOptions} says.
 */
package org.remotefs.core.config;
