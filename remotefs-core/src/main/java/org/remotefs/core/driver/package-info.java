/**
 * The driver built by composition: {@link org.remotefs.core.driver.RemoteFsVolumeDriver} (operations, state checks, locks), its Guice wiring, stats, the backup conditions, and {@link org.remotefs.core.driver.RemoteFsDriverProvider}, the base a backend's provider extends.
 */
package org.remotefs.core.driver;
