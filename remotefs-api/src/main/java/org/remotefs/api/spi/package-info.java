/**
 * The plugin SPI: a backend jar provides one {@link org.remotefs.api.spi.VolumeDriverProvider}
 * through {@link java.util.ServiceLoader}. JDK types only.
 */
package org.remotefs.api.spi;
