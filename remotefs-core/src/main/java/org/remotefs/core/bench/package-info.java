/**
 * The benchmark behind {@code remotefs bench}: the driver's operations timed on localfs. Internal.
 */
package org.remotefs.core.bench;
