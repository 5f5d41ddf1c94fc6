/**
 * Configuration: HOCON loading with file:line origins, the check of a backend's settings against the options its driver declares, and the options every core-based driver reads ({@link org.remotefs.core.config.CoreOptions}).
 */
package org.remotefs.core.config;
